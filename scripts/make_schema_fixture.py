#!/usr/bin/env python3
"""Makes a schema fixture for the upgrade tests: runs the apikeyserv and apikeyctl built at an
earlier commit (when the schema was VERSION), has them issue, rotate, retire (and from v2 on,
revoke) keys, then dumps the database as SQL with the master key and what each token should
verify as after the upgrade. Kept so the fixtures can be checked and made again:

  git worktree add /tmp/old/v1 <last commit with schema v1>; (cd /tmp/old/v1 && swift build)
  scripts/make_schema_fixture.py --bin /tmp/old/v1/.build/debug --version v1 \\
      --out Tests/EndToEndTests/Fixtures/schema-v1
"""
import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time


def wait_for(path, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{path} never accepted a connection")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--version", required=True, choices=["v1", "v2", "v3"])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="fx-", dir="/tmp")
    os.chmod(data, 0o711)
    daemon = subprocess.Popen(
        [f"{args.bin}/apikeyserv", "--data-dir", data, "--generate-signing-key-if-none"],
        stderr=open(f"{data}.log", "w"))
    try:
        wait_for(f"{data}/admin.sock")
        time.sleep(0.5)

        def ctl(*arguments, check=True):
            result = subprocess.run(
                [f"{args.bin}/apikeyctl", *arguments, "--socket", f"{data}/admin.sock"],
                capture_output=True, text=True)
            if check and result.returncode != 0:
                raise SystemExit(f"apikeyctl {' '.join(arguments)}: {result.stderr}")
            return result.stdout.strip()

        def kids():
            listed = json.loads(ctl("signing-key", "list", "--json"))
            entries = listed.get("keys", listed) if isinstance(listed, dict) else listed
            return [entry["kid"] for entry in entries]

        first_kid = kids()[0]
        tokens = {}
        tokens["first"] = ctl("issue", "--email", "ann@example.org", "--organisation", "Org A",
                              "--contact-name", "Ann")
        tokens["no_expiry"] = ctl("issue", "--email", "bob@example.org", "--organisation",
                                  "Org B", "--no-expiry", "--request-id", "fixture-1")
        ctl("signing-key", "generate")
        second_kid = [kid for kid in kids() if kid != first_kid][0]
        time.sleep(1.1)  # the new key signs from its not_before, one second on
        tokens["second"] = ctl("issue", "--email", "cy@example.org", "--organisation", "Org C",
                               "--department", "Data", "--expires", "2031-06-30")
        expect = {"second": True, "no_expiry": True, "first": True}
        if args.version == "v1":
            # v1 retires at once: tokens of the retired key stop verifying.
            ctl("signing-key", "retire", first_kid)
            expect["first"] = expect["no_expiry"] = False
        else:
            ctl("keys", "revoke", key_id(tokens["first"]))
            expect["first"] = False
        ctl("public-keys")
        daemon.terminate()
        daemon.wait(20)
        os.makedirs(args.out, exist_ok=True)
        connection = sqlite3.connect(f"{data}/apikeyserv.db")
        versions = [row[0] for row in connection.execute(
            "SELECT identifier FROM grdb_migrations ORDER BY rowid")]
        assert versions[-1] == args.version, versions
        with open(f"{args.out}/dump.sql", "w") as out:
            for line in connection.iterdump():
                out.write(line + "\n")
        counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ["api_keys", "signing_keys", "audit_log"]}
        connection.close()
        with open(f"{data}/master.key", "rb") as key, open(f"{args.out}/master.key.hex", "w") as out:
            out.write(key.read().hex() + "\n")
        with open(f"{args.out}/expect.json", "w") as out:
            json.dump({"schema": args.version, "tokens": tokens, "valid": expect,
                       "counts": counts, "kids": {"first": first_kid, "second": second_kid}},
                      out, indent=2, sort_keys=True)
            out.write("\n")
        print(f"{args.out}: schema {args.version}, {counts}")
    finally:
        if daemon.poll() is None:
            daemon.kill()
        shutil.rmtree(data, ignore_errors=True)


def key_id(token):
    """The key id (the token's `sub`) of `token`."""
    import base64
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims["sub"]


if __name__ == "__main__":
    main()
