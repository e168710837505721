import Foundation

/// A value made once, on first use, by whichever caller comes first; a failure is kept too.
final class Lazy<Value: Sendable>: @unchecked Sendable {
  private let make: () throws -> Value
  private var made: Result<Value, any Error>?
  private let lock = NSLock()

  init(_ make: @escaping () throws -> Value) { self.make = make }

  func get() throws -> Value {
    try lock.withLock {
      if let made { return try made.get() }
      let result = Result { try make() }
      made = result
      return try result.get()
    }
  }
}
