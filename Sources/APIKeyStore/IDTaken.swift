/// A new key's id was taken: by a key stored before, or by another key of the same batch. Nothing
/// of that key was stored; the service draws another id and asks again.
public struct IDTaken: Error, Sendable, Equatable, CustomStringConvertible {
  /// The id that was taken.
  public let id: Int64

  public init(id: Int64) { self.id = id }

  public var description: String { "API key id \(id) is taken; nothing was stored" }
}
