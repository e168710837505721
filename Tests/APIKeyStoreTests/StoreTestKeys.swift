import APIKeyStore

/// The keys of the store tests: fixed, so that a failure reproduces.
let testAuditKey = [UInt8](repeating: 7, count: 32)
let testStateKey = [UInt8](repeating: 9, count: 32)
let testKeys = StoreKeys(
  audit: testAuditKey, state: testStateKey, backup: [UInt8](repeating: 5, count: 32))
