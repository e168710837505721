"""The SQLite side of the upgrade tests: loads a schema fixture into a data directory, and reads
a database without apikeyserv (integrity, applied schema versions, a file digest)."""
import argparse
import hashlib
import json
import os
import sqlite3


def load(args):
    os.makedirs(args.data_dir, mode=0o711, exist_ok=True)
    os.chmod(args.data_dir, 0o711)
    connection = sqlite3.connect(os.path.join(args.data_dir, "apikeyserv.db"))
    with open(os.path.join(args.fixture, "dump.sql")) as dump:
        connection.executescript(dump.read())
    connection.close()
    key = os.path.join(args.data_dir, "master.key")
    with open(os.path.join(args.fixture, "master.key.hex")) as hex_key:
        raw = bytes.fromhex(hex_key.read().strip())
    descriptor = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(descriptor, raw)
    os.close(descriptor)
    print(json.dumps({"loaded": args.fixture}))


def check(args):
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    versions = [row[0] for row in connection.execute(
        "SELECT identifier FROM grdb_migrations ORDER BY rowid")]
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ["api_keys", "signing_keys", "audit_log"]}
    connection.close()
    print(json.dumps({"integrity": integrity, "versions": versions, "counts": counts}))


def newer(args):
    """Marks the database as migrated by a later apikeyserv (a schema this one does not know)."""
    connection = sqlite3.connect(args.db)
    connection.execute("PRAGMA journal_mode=WAL")  # as a daemon leaves it
    connection.execute("INSERT INTO grdb_migrations (identifier) VALUES (?)", (args.version,))
    connection.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    print(json.dumps({"marked": args.version}))


def digest(args):
    with open(args.db, "rb") as db:
        print(json.dumps({"sha256": hashlib.sha256(db.read()).hexdigest()}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixture")
    parser.add_argument("--data-dir")
    parser.add_argument("--db")
    parser.add_argument("--version", default="v99")
    parser.add_argument("command", choices=["load", "check", "newer", "digest"])
    args = parser.parse_args()
    {"load": load, "check": check, "newer": newer, "digest": digest}[args.command](args)


if __name__ == "__main__":
    main()
