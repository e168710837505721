import APIKeyCore
import APIKeyRPC
import ArgumentParser

/// A key's name and tags, shared by `issue` and `keys update`.
struct LabelOptions: ParsableArguments {
  @Option(
    help: "What the key is for, e.g. \"BBGA dashboard, production\" (at most 200 characters).")
  var name: String?

  @Option(
    help: ArgumentHelp(
      "A tag, key=value (repeat for several; at most 16 per key; keys of a-z 0-9 _ . -).",
      valueName: "key=value"))
  var tag: [String] = []

  /// The tags given, by key; a tag without `=` or with a bad key is refused, naming `--tag`.
  func tags() throws -> [String: String] {
    var tags: [String: String] = [:]
    for text in tag {
      do {
        let (key, value) = try KeyTags.parse(text, field: "--tag")
        tags[key] = value
      } catch {
        throw ValidationError("\(error)")
      }
    }
    return tags
  }
}
