import APIKeyCore
import APIKeyStore
import Dispatch
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A transaction of `PostgresBackend`: statements on one leased connection, each waited for on
/// the transaction's own thread.
struct PostgresTransaction: SQLTransaction {
  let connection: PostgresConnection
  let logger: Logger

  var dialect: SQLDialect { .postgres }

  func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
    try run(sql, arguments).metadata.rows ?? 0
  }

  func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
    let result = try run(sql, arguments)
    var columns: [String]?
    return try result.rows.map { row in
      let cells = Array(row)
      let names = columns ?? cells.map(\.columnName)
      columns = names
      return SQLRow(columns: names, values: try cells.map(Self.value))
    }
  }

  private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
    var binds = PostgresBindings(capacity: arguments.count)
    for argument in arguments {
      switch argument {
      case .null: binds.appendNull()
      case .integer(let number): binds.append(number)
      case .text(let text): binds.append(text)
      case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
      }
    }
    let query = PostgresQuery(unsafeSQL: Self.numberingPlaceholders(sql), binds: binds)
    do {
      return try wait(for: connection.query(query, logger: logger))
    } catch {
      throw PostgresFailure.map(error)
    }
  }

  /// How long one statement may take (a write waiting for another daemon's write lock
  /// included) before its connection is closed and the transaction fails as unavailable.
  static let statementLimit: Double = 30

  /// The result of `future`, waited for on this thread. A connection that closes under a
  /// statement (the server shut down) fails it at once, even when the client library leaves the
  /// statement pending: the wait looks at the connection twice a second.
  private func wait(
    for future: EventLoopFuture<PostgresQueryResult>
  ) throws -> PostgresQueryResult {
    let outcome = Outcome()
    future.whenComplete { outcome.settle($0) }
    var waited = 0.0
    while !outcome.wait(seconds: 0.5) {
      waited += 0.5
      if connection.isClosed {
        throw APIKeyError.unavailable("the database closed the connection")
      }
      if waited >= Self.statementLimit {
        connection.close().whenComplete { _ in }
        throw APIKeyError.unavailable(
          "the database did not finish a statement within \(Int(Self.statementLimit)) seconds")
      }
    }
    return try outcome.result()
  }

  /// A statement's result, handed from the event loop to the waiting thread.
  private final class Outcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Result<PostgresQueryResult, any Error>?
    private let lock = NSLock()

    func settle(_ result: Result<PostgresQueryResult, any Error>) {
      lock.withLock { value = result }
      done.signal()
    }

    /// True once settled; false after `seconds` without.
    func wait(seconds: Double) -> Bool {
      done.wait(timeout: .now() + seconds) == .success
    }

    func result() throws -> PostgresQueryResult {
      // '!' is fine: called after wait returned true, so settle ran.
      try lock.withLock { value! }.get()
    }
  }

  /// `sql` with each `?` outside a quoted string or identifier as `$1`, `$2`, …
  static func numberingPlaceholders(_ sql: String) -> String {
    var result = ""
    var number = 0
    var quote: Character?
    for character in sql {
      if let open = quote {
        if character == open { quote = nil }
        result.append(character)
      } else if character == "'" || character == "\"" {
        quote = character
        result.append(character)
      } else if character == "?" {
        number += 1
        result += "$\(number)"
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// A cell as one of the store's value types.
  static func value(_ cell: PostgresCell) throws -> SQLValue {
    guard cell.bytes != nil else { return .null }
    switch cell.dataType {
    case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
    case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
    case .bytea:
      var buffer = try cell.decode(ByteBuffer.self)
      return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
    default: return .text(try cell.decode(String.self))
    }
  }
}

extension SQLDialect {
  /// PostgreSQL's spellings.
  static let postgres = SQLDialect(
    databaseSize: "SELECT pg_database_size(current_database()) AS bytes")
}
