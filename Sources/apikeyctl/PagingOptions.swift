import ArgumentParser

/// Paging of `keys list`.
struct PagingOptions: ParsableArguments {
  /// The daemon's largest page.
  static let largestPage = 1000

  @Option(help: "Records per page (1-1000).")
  var pageSize: Int = 100

  @Option(help: "Continue from this page token (printed after a page).")
  var pageToken: String = ""

  @Flag(help: "Fetch every page.")
  var all = false

  func validate() throws {
    guard (1 ... Self.largestPage).contains(pageSize) else {
      throw ValidationError("--page-size must be 1 to 1000")
    }
  }
}
