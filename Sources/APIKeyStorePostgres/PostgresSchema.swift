import APIKeyCore
import APIKeyStore
import Foundation

/// The PostgreSQL schema: the same tables, columns and versions as SQLite's (`Schema`), in
/// PostgreSQL's types (times as BIGINT microseconds, blobs as BYTEA), plus the trigger that
/// announces each new key-set revision. Applied versions are recorded in
/// `apikeyserv_migrations`; a database with a version this build does not know is refused.
enum PostgresSchema {
  /// The versions, as SQLite names them.
  static let versions = ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"]

  /// The changes after the first release on PostgreSQL (v4), by version.
  static let upgrades: [String: [String]] = [
    "v5": Schema.v5(blob: "BYTEA"), "v6": Schema.v6, "v7": Schema.v7, "v8": Schema.v8,
    "v9": Schema.v9,
  ]

  /// The schema at v4, the first version on PostgreSQL (`upgrades` bring it up to date).
  static let current = """
    CREATE TABLE signing_keys (
      kid TEXT PRIMARY KEY NOT NULL,
      public_key BYTEA NOT NULL CHECK (length(public_key) = 32),
      sealed_private_key BYTEA NOT NULL,
      created_at BIGINT NOT NULL,
      not_before BIGINT NOT NULL,
      retired_at BIGINT,
      retiring_at BIGINT,
      state_mac BYTEA
    );
    CREATE TABLE api_keys (
      id BIGINT PRIMARY KEY NOT NULL CHECK (id > 0),
      email TEXT NOT NULL,
      organisation TEXT NOT NULL,
      contact_name TEXT NOT NULL DEFAULT '',
      email_2 TEXT NOT NULL DEFAULT '',
      contact_name_2 TEXT NOT NULL DEFAULT '',
      department TEXT NOT NULL DEFAULT '',
      created_at BIGINT NOT NULL,
      modified_at BIGINT NOT NULL,
      expires_at BIGINT,
      sent BIGINT NOT NULL DEFAULT 0,
      revoked_at BIGINT,
      request_id TEXT UNIQUE,
      revoked_until BIGINT,
      reason TEXT NOT NULL DEFAULT '',
      state_mac BYTEA
    );
    CREATE INDEX api_keys_newest ON api_keys (created_at DESC, id DESC);
    CREATE INDEX api_keys_revoked ON api_keys (revoked_at) WHERE revoked_at IS NOT NULL;
    CREATE INDEX api_keys_expiry ON api_keys (expires_at) WHERE expires_at IS NOT NULL;
    CREATE TABLE tokens (
      key_id BIGINT NOT NULL REFERENCES api_keys (id),
      kid TEXT NOT NULL,
      issued_at BIGINT NOT NULL,
      expires_at BIGINT
    );
    CREATE INDEX tokens_by_kid ON tokens (kid, key_id);
    CREATE INDEX tokens_by_key ON tokens (key_id, issued_at, kid);
    CREATE TABLE audit_log (
      seq BIGINT PRIMARY KEY,
      at BIGINT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      outcome TEXT NOT NULL,
      caller TEXT NOT NULL,
      hash BYTEA
    );
    CREATE INDEX audit_log_by_action ON audit_log (action, target);
    CREATE TABLE meta (
      name TEXT PRIMARY KEY NOT NULL,
      value BIGINT NOT NULL
    );
    INSERT INTO meta (name, value) VALUES ('key_set_revision', 0);
    CREATE TABLE audit_head (
      id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
      seq BIGINT NOT NULL,
      hash BYTEA NOT NULL,
      mac BYTEA NOT NULL
    );
    CREATE TABLE key_check (
      id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
      mac BYTEA NOT NULL
    );
    CREATE FUNCTION apikeyserv_announce_revision() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      PERFORM pg_notify('apikeyserv_revision', NEW.value::text);
      RETURN NEW;
    END
    $body$;
    CREATE TRIGGER meta_announce_revision AFTER UPDATE ON meta
      FOR EACH ROW WHEN (NEW.name = 'key_set_revision')
      EXECUTE FUNCTION apikeyserv_announce_revision();
    """

  /// Brings the database to the current version inside `tx` (which holds the migration lock).
  static func migrate(
    _ tx: any SQLTransaction, seal: (any SQLTransaction, String) throws -> Void
  ) throws {
    try tx.execute(
      "CREATE TABLE IF NOT EXISTS apikeyserv_migrations (identifier TEXT PRIMARY KEY NOT NULL)")
    let applied = Set(
      try tx.column("SELECT identifier FROM apikeyserv_migrations", as: String.self))
    try SchemaVersions.refuseUnknown(applied, known: versions)
    if applied == Set(versions) { return }
    let appliedCount = versions.prefix { applied.contains($0) }.count
    guard applied.isEmpty || (applied == Set(versions.prefix(appliedCount)) && appliedCount >= 4)
    else {
      throw APIKeyError.failedPrecondition(
        "the database has part of the schema (\(applied.sorted().joined(separator: ", "))), which no apikeyserv writes: it was changed by hand"
      )
    }
    if applied.isEmpty {
      for statement in statements(current) { try tx.execute(statement) }
    }
    for version in versions where !applied.contains(version) {
      for statement in upgrades[version] ?? [] { try tx.execute(statement) }
      try tx.execute("INSERT INTO apikeyserv_migrations (identifier) VALUES (?)", [version])
      try seal(tx, version)
    }
  }

  /// The statements of `script`, split at semicolons that end a line outside a `$body$` block.
  static func statements(_ script: String) -> [String] {
    var statements: [String] = []
    var current = ""
    var inBody = false
    for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
      current += line + "\n"
      if line.contains("$body$") { inBody.toggle() }
      if !inBody, line.hasSuffix(";") {
        statements.append(current)
        current = ""
      }
    }
    if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      statements.append(current)
    }
    return statements
  }
}
