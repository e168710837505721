/// A new key's id was taken: by a key stored before, or by another key of the same batch; or,
/// for a second request with a request id first seen in the batch, the key of the first was not
/// stored. Nothing of that key was stored; `withFreshID` draws another id and asks again.
struct IDTaken: Error, Sendable, Equatable, CustomStringConvertible {
  /// The id that was drawn.
  let id: Int64

  var description: String { "API key id \(id) could not be stored; nothing was" }
}
