import CSodium

/// Makes sure libsodium is initialised before first use; `sodium_init` is idempotent and
/// thread-safe, so this is called from every entry point that touches libsodium.
enum Sodium {
  private static let initialised: Bool = sodium_init() >= 0

  static func ensureInitialised() {
    // '!' style check: libsodium cannot work without a usable random source; nothing can go on.
    precondition(initialised, "libsodium failed to initialise")
  }
}
