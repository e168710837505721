import APIKeyStorePostgres
import Foundation
import TestSupport
import Testing

@testable import APIKeyStore

/// The two backends' schemas, read back from live databases (a SQLite file and a PostgreSQL
/// database, each migrated by its store), must be the same but for type names: the same tables,
/// columns (nullability, primary key), indexes (columns, order, unique, partial) and CHECK
/// constraints. The schema is written once per backend; this is what keeps them from drifting.
@Suite("Schema parity")
struct SchemaParityTests {
  /// A schema as lines of text, one per table, column, index and table's CHECK count.
  typealias Description = Set<String>

  /// The SQLite database's schema.
  static func sqlite(_ store: SQLKeyStore) async throws -> Description {
    try await store.backend.read { tx in
      var lines = Description()
      let tables: [String] = try tx.column(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'",
        as: String.self)
      for table in tables {
        lines.insert("table \(table)")
        for row in try tx.rows("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", [table]) {
          let name: String = try row["name"]
          let notNull: Int64 = try row["notnull"]
          let key: Int64 = try row["pk"]
          lines.insert("column \(table).\(name) \(notNull == 1 || key > 0 ? "NOT NULL" : "NULL")")
          if key > 0 { lines.insert("primary key \(table).\(name)") }
        }
        let indexes = try tx.rows(
          "SELECT name, \"unique\", partial FROM pragma_index_list(?) WHERE origin = 'c'", [table])
        for index in indexes {
          let name: String = try index["name"]
          let unique: Int64 = try index["unique"]
          let partial: Int64 = try index["partial"]
          let columns = try tx.rows(
            // An expression (lower(email)) has no column name: "<expr>", as on PostgreSQL.
            "SELECT COALESCE(name, '<expr>') AS name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno",
            [name]
          ).map { row -> String in
            let column: String = try row["name"]
            let descending: Int64 = try row["desc"]
            return descending == 1 ? "\(column) DESC" : column
          }
          lines.insert(
            "index \(name) ON \(table) (\(columns.joined(separator: ", ")))\(unique == 1 ? " UNIQUE" : "")\(partial == 1 ? " PARTIAL" : "")"
          )
        }
        let sql: String =
          try tx.column(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table],
            as: String.self
          ).first ?? ""
        // "CHECK (", not the end of a name such as key_check.
        let checks = try NSRegularExpression(pattern: "\\bCHECK\\s*\\(", options: .caseInsensitive)
          .numberOfMatches(in: sql, range: NSRange(sql.startIndex..., in: sql))
        lines.insert("checks \(table) \(checks)")
      }
      return lines
    }
  }

  /// The PostgreSQL database's schema (its own catalog; the migrations table left out).
  static func postgres(_ store: SQLKeyStore) async throws -> Description {
    try await store.backend.read { tx in
      var lines = Description()
      let tables: [String] = try tx.column(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'apikeyserv_migrations'",
        as: String.self)
      for table in tables {
        lines.insert("table \(table)")
        let columns = try tx.rows(
          "SELECT column_name::text AS name, is_nullable::text AS nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
          [table])
        for row in columns {
          let name: String = try row["name"]
          let nullable: String = try row["nullable"]
          lines.insert("column \(table).\(name) \(nullable == "NO" ? "NOT NULL" : "NULL")")
        }
        let keys: [String] = try tx.column(
          """
          SELECT a.attname::text FROM pg_index ix
          JOIN pg_class t ON t.oid = ix.indrelid
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (ix.indkey)
          WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND ix.indisprimary
          """, [table], as: String.self)
        for key in keys { lines.insert("primary key \(table).\(key)") }
        let indexes = try tx.rows(
          """
          SELECT i.relname::text AS name, CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS is_unique,
            CASE WHEN ix.indpred IS NULL THEN 0 ELSE 1 END AS is_partial,
            array_to_string(ARRAY(
              SELECT COALESCE(a.attname::text, '<expr>')
                || CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
              FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
              LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
              ORDER BY k.ord), ', ') AS columns
          FROM pg_index ix
          JOIN pg_class i ON i.oid = ix.indexrelid
          JOIN pg_class t ON t.oid = ix.indrelid
          WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace
            AND NOT ix.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
          """, [table])
        for index in indexes {
          let name: String = try index["name"]
          let unique: Int64 = try index["is_unique"]
          let partial: Int64 = try index["is_partial"]
          let columns: String = try index["columns"]
          lines.insert(
            "index \(name) ON \(table) (\(columns))\(unique == 1 ? " UNIQUE" : "")\(partial == 1 ? " PARTIAL" : "")"
          )
        }
        let checks: [Int64] = try tx.column(
          "SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = (current_schema() || '.' || ?)::regclass",
          [table], as: Int64.self)
        lines.insert("checks \(table) \(checks.first ?? 0)")
      }
      return lines
    }
  }

  @Test("A new SQLite database and a new PostgreSQL database have one schema, but for type names")
  func newDatabases() async throws {
    let sqlite = try await StoreFixture.make(.sqliteFile)
    let postgres = try await StoreFixture.make(.postgres)
    let (left, right) = try await (Self.sqlite(sqlite.store), Self.postgres(postgres.store))
    #expect(left.count > 40, "read too little: \(left.sorted())")
    #expect(
      left.subtracting(right).sorted() == [], "only in SQLite: \(left.subtracting(right).sorted())")
    #expect(
      right.subtracting(left).sorted() == [],
      "only in PostgreSQL: \(right.subtracting(left).sorted())")
  }
}
