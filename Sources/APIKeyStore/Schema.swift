import GRDB

/// The versioned schema: one migration per released change, never edited after release.
/// `api_keys.revoked_until`: when a revoked key leaves the revocation list (NULL: never).
public enum Schema {
  /// Schema v5, written once for every backend (`blob`: the backend's byte-string type): the
  /// security record under the audit chain's head, and the audit trail by target (a key's
  /// history, where it came from).
  public static func v5(blob: String) -> [String] {
    [
      "ALTER TABLE audit_head ADD COLUMN security_count BIGINT NOT NULL DEFAULT 0",
      "ALTER TABLE audit_head ADD COLUMN security_hash \(blob)",
      "CREATE INDEX audit_log_by_target ON audit_log (target, seq)",
    ]
  }

  /// Schema v6, the same statements on every backend: the tokens of a key by its index alone,
  /// in issue order with their signing keys (`tokens_by_key` had been `(key_id)` on SQLite and
  /// this on PostgreSQL; a test now reads both live schemas and compares them).
  public static let v6 = [
    "DROP INDEX IF EXISTS tokens_by_key",
    "CREATE INDEX tokens_by_key ON tokens (key_id, issued_at, kid)",
  ]

  /// Schema v7, the same statements on every backend: a key's name and tags (`KeyTags.stored`),
  /// when its owner's details were erased,
  /// its use as verifiers report it (daily counts and the last accepted use, per UTC day since
  /// 1970; the verifiers that saw it), the verifiers (by name and the daemon they report to),
  /// and the batch ids already counted.
  public static let v7 = [
    "ALTER TABLE api_keys ADD COLUMN name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE api_keys ADD COLUMN tags TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE api_keys ADD COLUMN erased_at BIGINT",
    """
    CREATE TABLE key_usage (
      key_id BIGINT NOT NULL,
      day BIGINT NOT NULL,
      accepted BIGINT NOT NULL DEFAULT 0,
      rejected BIGINT NOT NULL DEFAULT 0,
      last_used_at BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (key_id, day)
    )
    """,
    "CREATE INDEX key_usage_by_day ON key_usage (day)",
    """
    CREATE TABLE key_verifiers (
      key_id BIGINT NOT NULL,
      verifier TEXT NOT NULL,
      daemon TEXT NOT NULL,
      last_seen_at BIGINT NOT NULL,
      PRIMARY KEY (key_id, verifier, daemon)
    )
    """,
    """
    CREATE TABLE verifiers (
      name TEXT NOT NULL,
      daemon TEXT NOT NULL,
      peer TEXT NOT NULL,
      revision BIGINT NOT NULL,
      first_seen_at BIGINT NOT NULL,
      last_report_at BIGINT NOT NULL,
      PRIMARY KEY (name, daemon)
    )
    """,
    """
    CREATE TABLE usage_batches (
      verifier TEXT NOT NULL,
      batch_id TEXT NOT NULL,
      received_at BIGINT NOT NULL,
      PRIMARY KEY (verifier, batch_id)
    )
    """,
    "CREATE INDEX usage_batches_by_time ON usage_batches (received_at)",
  ]

  /// Schema v8, the same statements on every backend: the expiry reminders claimed, one row per
  /// key, expiry and threshold (the claim that makes several daemons send one), with their
  /// delivery (sent, or attempts, the next one and the last failure) and the lease of the daemon
  /// sending it now.
  public static let v8 = [
    """
    CREATE TABLE expiry_reminders (
      key_id BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      threshold BIGINT NOT NULL,
      claimed_at BIGINT NOT NULL,
      sent_at BIGINT,
      attempts BIGINT NOT NULL DEFAULT 0,
      next_attempt_at BIGINT,
      lease_until BIGINT NOT NULL DEFAULT 0,
      last_error TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (key_id, expires_at, threshold)
    )
    """,
    "CREATE INDEX expiry_reminders_due ON expiry_reminders (next_attempt_at)",
  ]

  /// Schema v9, the same statements on every backend: an API key found by its owner's e-mail
  /// address (ListKeys' `email`, the console's search for an address) reads two indexes instead
  /// of every row (the second only over keys that have a second address: most have none, and an
  /// index of one value everywhere would make the planner scan). Measured on SQLite at a million
  /// keys: 1.25 s as a text search, 0.04 ms by these indexes.
  public static let v9 = [
    "CREATE INDEX api_keys_email ON api_keys (lower(email))",
    "CREATE INDEX api_keys_email_2 ON api_keys (lower(email_2)) WHERE email_2 <> ''",
  ]

  /// The migrations, in order; after each, `seal` runs in its transaction with its identifier (to
  /// seal audit rows written before the chain existed, and the security state of rows written
  /// before it was sealed).
  static func migrator(
    seal: @escaping @Sendable (any SQLTransaction, _ migration: String) throws -> Void = { _, _ in }
  ) -> DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY NOT NULL,
            public_key BLOB NOT NULL CHECK (length(public_key) = 32),
            sealed_private_key BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            retired_at INTEGER
          );
          CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id > 0),
            email TEXT NOT NULL,
            organisation TEXT NOT NULL,
            contact_name TEXT NOT NULL DEFAULT '',
            email_2 TEXT NOT NULL DEFAULT '',
            contact_name_2 TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            modified_at INTEGER NOT NULL,
            expires_at INTEGER,
            sent INTEGER NOT NULL DEFAULT 0,
            revoked_at INTEGER,
            request_id TEXT UNIQUE
          );
          CREATE INDEX api_keys_newest ON api_keys (created_at DESC, id DESC);
          CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            caller TEXT NOT NULL
          );
          CREATE TABLE meta (
            name TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
          );
          INSERT INTO meta (name, value) VALUES ('key_set_revision', 0);
          """)
    }
    migrator.registerMigration("v2") { db in
      // Key lifecycle: retirement with grace, the tokens signed (for a retirement's impact),
      // revocation, a hash-chained audit trail.
      try db.execute(
        sql: """
          ALTER TABLE signing_keys ADD COLUMN retiring_at INTEGER;
          UPDATE signing_keys SET retiring_at = retired_at WHERE retired_at IS NOT NULL;
          CREATE TABLE tokens (
            key_id INTEGER NOT NULL REFERENCES api_keys (id),
            kid TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER
          );
          CREATE INDEX tokens_by_kid ON tokens (kid, key_id);
          CREATE INDEX tokens_by_key ON tokens (key_id);
          ALTER TABLE api_keys ADD COLUMN revoked_until INTEGER;
          CREATE INDEX api_keys_revoked ON api_keys (revoked_at) WHERE revoked_at IS NOT NULL;
          CREATE INDEX api_keys_expiry ON api_keys (expires_at) WHERE expires_at IS NOT NULL;
          ALTER TABLE audit_log ADD COLUMN hash BLOB;
          """)
      try seal(GRDBTransaction(db: db), "v2")
    }
    migrator.registerMigration("v3") { db in
      // The older dumps of the original carry a free-text reason per key.
      try db.execute(sql: "ALTER TABLE api_keys ADD COLUMN reason TEXT NOT NULL DEFAULT ''")
    }
    migrator.registerMigration("v4") { db in
      // Security state at rest that a database writer cannot roll back: a MAC over each signing
      // key's lifecycle and each API key's revocation, the audit chain's head in a MAC'd row,
      // and an index to cross-check revocations and retirements against the audit trail.
      try db.execute(
        sql: """
          ALTER TABLE signing_keys ADD COLUMN state_mac BLOB;
          ALTER TABLE api_keys ADD COLUMN state_mac BLOB;
          CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash BLOB NOT NULL,
            mac BLOB NOT NULL
          );
          CREATE INDEX audit_log_by_action ON audit_log (action, target);
          CREATE TABLE key_check (
            id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
            mac BLOB NOT NULL
          );
          """)
      try seal(GRDBTransaction(db: db), "v4")
    }
    migrator.registerMigration("v5") { db in
      // The security record under the chain's head (see `AuditHead`).
      for statement in Self.v5(blob: "BLOB") { try db.execute(sql: statement) }
      try seal(GRDBTransaction(db: db), "v5")
    }
    migrator.registerMigration("v6") { db in
      for statement in Self.v6 { try db.execute(sql: statement) }
    }
    migrator.registerMigration("v7") { db in
      for statement in Self.v7 { try db.execute(sql: statement) }
    }
    migrator.registerMigration("v8") { db in
      for statement in Self.v8 { try db.execute(sql: statement) }
    }
    migrator.registerMigration("v9") { db in
      for statement in Self.v9 { try db.execute(sql: statement) }
    }
    return migrator
  }
}
