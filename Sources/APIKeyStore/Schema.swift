import GRDB

/// The versioned schema: one migration per released change, never edited after release.
enum Schema {
  /// The migrations, in order.
  static var migrator: DatabaseMigrator {
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
    return migrator
  }
}
