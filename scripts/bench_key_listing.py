"""Times the key listings (the SQL that SQLKeyStore.keys builds for ListKeys, which the console's
Keys page calls) at 10 and at 1,000,000 keys, on the daemon's own schema: the median of 5 runs
of each first page (51 rows). The rows are written straight into copies of an empty database
the daemon made, so this measures the queries and their indexes, not the RPC.

    .build/debug/apikeyserv --data-dir /tmp/empty --generate-signing-key-if-none & sleep 3; kill %1
    python3 scripts/bench_key_listing.py /tmp/empty/apikeyserv.db
"""
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

src = sys.argv[1]
now = 1_800_000_000_000_000
def remove(path):
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def build(path, n):
    remove(path)
    shutil.copy(src, path)
    c = sqlite3.connect(path)
    rnd = random.Random(1)
    rows, toks = [], []
    for i in range(1, n + 1):
        created = now - (n - i) * 30_000_000
        exp = None if i % 10 == 0 else created + rnd.randint(-400, 400) * 86400 * 1_000_000 + 365 * 86400 * 1_000_000
        rev = created + 1 if i % 50 == 0 else None
        rows.append((i, f"user{i}@org{i % 5000}.example", f"Org {i % 5000}", created, created, exp, i % 3 == 0, rev, f"service {i}"))
        toks.append((i, "kidA" if i < n * 0.9 else "kidB", created, exp))
    c.executemany("INSERT INTO api_keys (id,email,organisation,created_at,modified_at,expires_at,sent,revoked_at,name) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    c.executemany("INSERT INTO tokens VALUES (?,?,?,?)", toks)
    c.commit()  # no ANALYZE: the daemon runs none, so the planner works as it does there
    return c
cols = "email, email_2, contact_name, contact_name_2, organisation, department, name, CAST(id AS TEXT)".split(", ")
search = "(" + " OR ".join(f"lower({c}) LIKE lower(?) ESCAPE '\\'" for c in cols) + ")"
queries = {
    "newest, no filter": ("", [], "created_at DESC, id DESC"),
    "soonest expiry": ("expires_at IS NOT NULL", [], "expires_at ASC, id ASC"),
    "revoked": ("revoked_at IS NOT NULL", [], "created_at DESC, id DESC"),
    "expiring within 30 d": ("expires_at > ? AND expires_at < ? AND revoked_at IS NULL", [now, now + 30 * 86400 * 10**6], "created_at DESC, id DESC"),
    "expired": ("expires_at <= ?", [now], "created_at DESC, id DESC"),
    "not sent": ("sent = 0", [], "created_at DESC, id DESC"),
    "signed by (90% of keys)": ("EXISTS (SELECT 1 FROM tokens t WHERE t.key_id = api_keys.id AND t.kid = ?)", ["kidA"], "created_at DESC, id DESC"),
    "search, common (Org 4)": (search, ["%org 4%"] * 8, "created_at DESC, id DESC"),
    "e-mail, exact (indexed)": ("(lower(email) = lower(?) OR (email_2 <> '' AND lower(email_2) = lower(?)))", ["USER123@org123.example"] * 2, "created_at DESC, id DESC"),
    "id, exact": ("id = ?", [123456], "created_at DESC, id DESC"),
    "search, one e-mail": (search, ["%user123@org123.example%"] * 8, "created_at DESC, id DESC"),
    "search, no match": (search, ["%nobody%"] * 8, "created_at DESC, id DESC"),
}
results = {}
for n in [10, 1_000_000]:
    c = build(f"{tempfile.gettempdir()}/key-listing-{n}.db", n)
    for name, (where, args, order) in queries.items():
        sql = f"SELECT * FROM api_keys {'WHERE ' + where if where else ''} ORDER BY {order} LIMIT 51"
        times = []
        for _ in range(5):
            t = time.perf_counter(); c.execute(sql, args).fetchall(); times.append((time.perf_counter() - t) * 1000)
        results.setdefault(name, []).append(statistics.median(times))
print(f"{'listing':28} {'10 keys':>10} {'1M keys':>10}")
for name, (a, b) in results.items():
    print(f"{name:28} {a:9.2f}ms {b:9.2f}ms")
for n in [10, 1_000_000]:
    remove(f"{tempfile.gettempdir()}/key-listing-{n}.db")
