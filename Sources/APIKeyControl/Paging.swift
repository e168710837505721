public import APIKeyRPC

/// A listing request that continues from a page token.
public protocol PagedRequest: Sendable {
  var pageToken: String { get set }
}

/// A page of a listing, with the token of the next one ("" after the last).
public protocol PagedResponse: Sendable {
  var nextPageToken: String { get }
}

extension Apikeyserv_V1_ListKeysRequest: PagedRequest {}
extension Apikeyserv_V1_ListKeysResponse: PagedResponse {}
extension Apikeyserv_V1_ListAuditEntriesRequest: PagedRequest {}
extension Apikeyserv_V1_ListAuditEntriesResponse: PagedResponse {}

/// The one paging loop of apikeyctl's listings.
public enum Paging {
  /// Fetches the page `request` asks for and hands it to `body`; with `all`, every following
  /// page too. Returns the token of the page after the last one fetched ("" at the end).
  @discardableResult
  public static func pages<Request: PagedRequest, Page: PagedResponse>(
    from request: Request, all: Bool, fetch: (Request) async throws -> Page,
    _ body: (Page) throws -> Void
  ) async throws -> String {
    var request = request
    repeat {
      let page = try await fetch(request)
      try body(page)
      request.pageToken = page.nextPageToken
    } while all && !request.pageToken.isEmpty
    return request.pageToken
  }
}
