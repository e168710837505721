#!/usr/bin/env python3
"""The performance suite (`make bench`): every path beside its limit, measured in one run.

Each figure is a ratio against a limit measured in the same run on the same machine, because
figures on small shared machines drift by 20% or more between runs:

- the daemon's RPCs against an empty unary call (the gRPC health check) on the same socket, the
  two alternating round by round, with the daemon's CPU time per call from /proc/PID/stat;
- offline verification against raw libsodium on one core;
- the JWKS over HTTP against nginx serving the same bytes as a static file, alternating;
- growth: issuance, start time, memory and a ListKeys page at N keys against the same at 0;
- IssueKey on PostgreSQL, and raw SQLite inserts of the same rows with the same durability.

Writes results.md (the table), results.json (every figure, with the machine, versions and date)
and results.svg (the chart) to --out. `--smoke` runs everything for a few seconds with tiny
counts and no targets (CI runs it so the suite cannot rot).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_chart  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The original's figures on this kind of machine (from the issue tracker, measured as it ships).
ORIGINAL_ISSUE_RATE = 467  # keys/s, SQLite
ORIGINAL_ISSUE_RATE_POSTGRES = 169  # keys/s
ORIGINAL_JWKS_RATE = 1660  # req/s


class Suite:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.bin)
        self.rows = []  # the table
        self.figures = {}  # everything measured, by name
        self.work = tempfile.mkdtemp(prefix="aks-bench-", dir="/tmp")
        os.chmod(self.work, 0o755)
        self.processes = []

    # -- processes ---------------------------------------------------------------------------

    def spawn(self, argv, **kwargs):
        process = subprocess.Popen(argv, **kwargs)
        self.processes.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def cleanup(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.kill()
                process.wait()
        pid_file = os.path.join(self.work, "nginx.pid")  # nginx daemonizes: not in processes
        if os.path.exists(pid_file):
            with open(pid_file) as f:
                try:
                    os.kill(int(f.read().strip()), signal.SIGTERM)
                except (ValueError, ProcessLookupError):
                    pass
        shutil.rmtree(self.work, ignore_errors=True)

    def start_daemon(self, data_dir, *extra):
        """A daemon on data_dir; returns (process, seconds until its admin socket answers)."""
        os.makedirs(data_dir, mode=0o711, exist_ok=True)
        began = time.monotonic()
        process = self.spawn([
            f"{self.bin}/apikeyserv", "--data-dir", data_dir, "--generate-signing-key-if-none",
            "--log-level", "warning", *extra])
        admin = os.path.join(data_dir, "admin.sock")
        deadline = began + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"apikeyserv exited with {process.returncode}")
            if os.path.exists(admin) and self.serving(admin):
                return process, time.monotonic() - began
            time.sleep(0.005)
        raise SystemExit("apikeyserv did not start within 60 s")

    @staticmethod
    def serving(socket_path):
        """The gRPC health check on socket_path says SERVING."""
        import grpc
        from grpc_health.v1 import health_pb2, health_pb2_grpc
        try:
            with grpc.insecure_channel(f"unix:{socket_path}") as channel:
                answer = health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=1)
                return answer.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.RpcError:
            return False

    def bench(self, *argv):
        out = subprocess.run(
            [f"{self.bin}/apikeyserv-bench", *argv, "--json"], check=True, capture_output=True,
            text=True)
        return json.loads(out.stdout)

    def rpc(self, data_dir, pid, paths, callers=64, count=None, rounds=None):
        rows = self.bench(
            "rpc", "--admin-socket", os.path.join(data_dir, "admin.sock"), "--socket",
            os.path.join(data_dir, "apikeyserv.sock"), "--daemon-pid", str(pid), "--callers",
            str(callers), "--count", str(count or self.args.count), "--rounds",
            str(rounds or self.args.rounds), "--paths", *paths)
        return {row["path"]: row for row in rows}

    # -- the table ---------------------------------------------------------------------------

    def row(self, path, figure, unit, limit_name, limit, target, extra=None, higher=True):
        """A row: figure against limit; target is the least (or, higher=False, most) ratio."""
        ratio = figure / limit if limit else None
        met = None
        if target is not None and ratio is not None and not self.args.smoke:
            met = ratio >= target if higher else ratio <= target
        entry = {
            "path": path, "figure": figure, "unit": unit, "limit_name": limit_name,
            "limit": limit, "ratio": ratio, "target": target, "higher_is_better": higher,
            "met": met}
        if extra:
            entry.update(extra)
        self.rows.append(entry)
        shown = f"{ratio:.2f}x" if ratio is not None else "-"
        print(f"  {path}: {figure:,.1f} {unit} vs {limit_name} {limit:,.1f} -> {shown}", flush=True)

    # -- phases ------------------------------------------------------------------------------

    def verify(self):
        print("== offline verification, one core", flush=True)
        rows = {r["name"]: r["rate"] for r in self.bench(
            "verify", "--count", str(self.args.verify_count), "--rounds",
            str(self.args.verify_rounds))}
        self.figures["verify"] = rows
        raw = rows["raw libsodium verify"]
        self.raw_verify = raw
        self.row("KeySet.verify, one core", rows["KeySet.verify"], "verifications/s",
                 "raw crypto_sign_verify_detached", raw, 0.95)
        self.row("TokenVerifier before: no header cache, JSON payload", rows[
            "TokenVerifier, no fast paths"], "verifications/s", "raw crypto_sign_verify_detached",
            raw, None)
        signing = {r["name"]: r["rate"] for r in self.bench(
            "sign", "--count", str(self.args.verify_count), "--rounds",
            str(self.args.verify_rounds))}
        self.figures["sign"] = signing
        self.row("base64url of a signature: Base64URL.encode", signing[
            "base64url of 64 bytes, Base64URL.encode"], "encodings/s",
            "before: Foundation's base64 and replacingOccurrences",
            signing["base64url of 64 bytes, Foundation (before)"], None)
        self.row("TokenSigner.sign, one core", signing["TokenSigner.sign"], "tokens/s", "-", 0,
                 None)

    def python(self):
        print("== the Python client (clients/python), one core", flush=True)
        out = subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts", "bench_python_client.py"),
             str(max(self.args.verify_count // 4, 500)), str(self.args.verify_rounds)],
            capture_output=True, text=True, check=True)
        rates = json.loads(out.stdout)
        self.figures["python_client"] = rates
        self.row("apikeyserv-client Verifier.verify (Python), one core", rates["Verifier.verify"],
                 "verifications/s", "PyJWT jwt.decode with the right key", rates["jwt.decode"],
                 0.8)

    def rpc_paths(self):
        print("== RPCs, 64 callers, each path beside the health check on its socket", flush=True)
        data = os.path.join(self.work, "rpc")
        daemon, _ = self.start_daemon(data)
        try:
            figures = self.rpc(data, daemon.pid, [
                "check", "list-public-keys", "verify-key", "check-admin", "issue-key"])
            stream = self.rpc(data, daemon.pid, ["verify-keys"], count=self.args.stream_count)
            figures.update(stream)
            curve = []
            for callers in self.args.curve:
                run = self.rpc(data, daemon.pid, ["issue-key"], callers=callers,
                               count=max(callers * 20, self.args.count // 2), rounds=1)
                curve.append(run["issue-key"])
            self.figures["issue_latency_by_callers"] = curve
        finally:
            self.stop(daemon)
        self.figures["rpc"] = figures
        cpu = lambda path: {"daemon_cpu_us_per_call": figures[path].get("daemon_cpu_us_per_call"),
                            "p50_ms": figures[path]["p50_ms"], "p99_ms": figures[path]["p99_ms"]}
        issue, check_admin = figures["issue-key"], figures["check-admin"]
        self.row("IssueKey (durable), 64 callers", issue["rate"], "keys/s",
                 "Health.Check, admin socket", check_admin["rate"], 0.8,
                 {**cpu("issue-key"), "limit_daemon_cpu_us_per_call":
                  check_admin.get("daemon_cpu_us_per_call")})
        self.row("IssueKey p99, 64 callers", issue["p99_ms"], "ms", "20 ms", 20.0, 1.0,
                 higher=False)
        self.row("IssueKey, 64 callers, against ListPublicKeys", issue["rate"], "keys/s",
                 "ListPublicKeys", figures["list-public-keys"]["rate"], 0.8)
        self.row("IssueKey against the original", issue["rate"], "keys/s",
                 "the original (SQLite, 467 keys/s)", ORIGINAL_ISSUE_RATE, 10.0)
        self.row("VerifyKey, 64 callers", figures["verify-key"]["rate"], "calls/s",
                 "ListPublicKeys", figures["list-public-keys"]["rate"], 0.9, cpu("verify-key"))
        self.row("ListPublicKeys, 64 callers", figures["list-public-keys"]["rate"], "calls/s",
                 "Health.Check, public socket", figures["check"]["rate"], None,
                 cpu("list-public-keys"))
        if not hasattr(self, "raw_verify"):
            # --only rpc: the limit still comes from this run, measured now.
            raw = {r["name"]: r["rate"] for r in self.bench(
                "verify", "--count", str(self.args.verify_count), "--rounds",
                str(self.args.verify_rounds))}["raw libsodium verify"]
            self.raw_verify = raw
        self.row("VerifyKeys, one stream", figures["verify-keys"]["rate"], "verdicts/s",
                 "raw verify, one core", self.raw_verify, 0.5,
                 {"daemon_cpu_us_per_call": figures["verify-keys"].get("daemon_cpu_us_per_call")})

    def usage(self):
        """IssueKey alone and beside a verifier that reports 10,000 usage entries a second, on one
        daemon, alternating A B A B A: IssueKey slows as the store grows, so each run beside the
        reporter is set against the mean of the runs alone just before and after it. The reports
        share IssueKey's group commit and must not take more than a tenth of its rate."""
        print("== IssueKey beside a verifier reporting 10,000 usage entries/s", flush=True)
        data = os.path.join(self.work, "usage")
        daemon, _ = self.start_daemon(data, "--usage-report-limit", "100000/minute")
        count = self.args.count * 6
        alone, beside, reported = [], [], []
        try:
            # A first run fills the store past the steepest part of its slowdown; not counted.
            for _ in range(2):
                alone = [self.rpc(data, daemon.pid, ["issue-key"], count=count, rounds=1)[
                    "issue-key"]]
            for _ in range(max(self.args.rounds, 3)):
                reporter = self.spawn([
                    f"{self.bin}/apikeyserv-bench", "report", "--admin-socket",
                    os.path.join(data, "admin.sock"), "--socket",
                    os.path.join(data, "apikeyserv.sock"), "--entries-per-second", "10000"],
                    stdout=subprocess.PIPE, text=True)
                first = json.loads(reporter.stdout.readline())["entries"]
                began = time.monotonic()
                beside.append(self.rpc(data, daemon.pid, ["issue-key"], count=count, rounds=1)[
                    "issue-key"])
                elapsed = time.monotonic() - began
                self.stop(reporter)
                lines = [line for line in reporter.stdout.read().splitlines() if line.strip()]
                last = json.loads(lines[-1])["entries"] if lines else first
                reported.append((last - first) / max(elapsed, 1e-3))
                alone.append(self.rpc(data, daemon.pid, ["issue-key"], count=count, rounds=1)[
                    "issue-key"])
        finally:
            self.stop(daemon)
        pairs = sorted(
            (run["rate"] / ((before["rate"] + after["rate"]) / 2), run["rate"],
             (before["rate"] + after["rate"]) / 2)
            for run, before, after in zip(beside, alone, alone[1:]))
        ratio, figure, limit = pairs[len(pairs) // 2]
        self.figures["usage"] = {"alone": alone, "beside": beside,
                                 "reported_entries_per_s": reported}
        self.row("IssueKey beside a reporter of 10,000 usage entries/s (median pair)", figure,
                 "keys/s", "IssueKey alone, the runs before and after", limit, 0.9,
                 {"reported_entries_per_s": min(reported)})

    def growth(self):
        keys = self.args.growth_keys
        print(f"== growth: 0 -> {keys:,} keys", flush=True)
        data = os.path.join(self.work, "growth")
        daemon, start_empty = self.start_daemon(data)
        at_zero = self.rpc(data, daemon.pid, ["check-admin", "issue-key", "list-keys"])
        rss_zero = self.rss(daemon.pid)
        issued = sum(r["calls"] for r in at_zero.values() if r["path"] == "issue-key") + 16 + 20
        began = time.monotonic()
        self.fill(data, keys - issued)
        fill_seconds = time.monotonic() - began
        self.stop(daemon)
        daemon, start_full = self.start_daemon(data)
        rss_start = self.rss(daemon.pid)
        at_full = self.rpc(data, daemon.pid, ["check-admin", "issue-key", "list-keys"])
        rss_full = self.rss(daemon.pid)
        count = self.key_count(data)
        self.stop(daemon)
        disk = sum(os.path.getsize(os.path.join(data, name)) for name in os.listdir(data)
                   if name.startswith("apikeyserv.db"))
        self.figures["growth"] = {
            "keys": count, "fill_seconds": fill_seconds, "at_0": at_zero, "at_n": at_full,
            "start_seconds_empty": start_empty, "start_seconds_full": start_full,
            "rss_mib_empty": rss_zero, "rss_mib_full_after_start": rss_start,
            "rss_mib_full_after_issuing": rss_full, "database_bytes": disk,
            "bytes_per_key": disk / count}
        ratio = lambda figures: figures["issue-key"]["rate"] / figures["check-admin"]["rate"]
        self.row(f"IssueKey at {count:,} keys", at_full["issue-key"]["rate"], "keys/s",
                 "IssueKey at 0 keys", at_zero["issue-key"]["rate"], 0.8,
                 {"ratio_to_check_at_n": ratio(at_full), "ratio_to_check_at_0": ratio(at_zero)})
        self.row(f"daemon start at {count:,} keys", start_full, "s", "1 s", 1.0, 1.0,
                 {"start_seconds_empty": start_empty}, higher=False)
        self.row(f"daemon RSS at {count:,} keys", rss_full, "MiB", "64 MiB", 64.0, 1.0,
                 {"rss_mib_empty": rss_zero, "rss_mib_after_start": rss_start}, higher=False)
        self.row(f"ListKeys page (100) p99 at {count:,} keys", at_full["list-keys"]["p99_ms"],
                 "ms", "the same at 0 keys", at_zero["list-keys"]["p99_ms"], None,
                 {"rate": at_full["list-keys"]["rate"], "rate_at_0": at_zero["list-keys"]["rate"]},
                 higher=False)
        self.row("disk per key", disk / count, "bytes", "-", 0, None)

    def fill(self, data, count):
        """Adds count keys through the daemon's import of the original's dump format."""
        chunk = self.args.fill_chunk
        done = 0
        while done < count:
            size = min(chunk, count - done)
            path = os.path.join(self.work, "dump.json")
            with open(path, "w") as out:
                write_dump(out, size, seed=done)
            subprocess.run(
                [f"{self.bin}/apikeyctl", "--socket", os.path.join(data, "admin.sock"), "import",
                 "django", path], check=True, capture_output=True)
            done += size
            print(f"  filled {done:,} of {count:,}", flush=True)
        os.unlink(path)

    def key_count(self, data):
        with sqlite3.connect(f"file:{data}/apikeyserv.db?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM api_keys").fetchone()[0]

    @staticmethod
    def rss(pid):
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def http(self):
        print("== JWKS over HTTP: the bridge against nginx serving the same bytes", flush=True)
        data = os.path.join(self.work, "http")
        daemon, _ = self.start_daemon(data)
        subprocess.run([f"{self.bin}/apikeyctl", "--socket", os.path.join(data, "admin.sock"),
                        "signing-key", "generate"], check=True, capture_output=True)
        ports = {"bridge": free_port(), "nginx": free_port(), "router": free_port()}
        bridge = self.spawn([f"{self.bin}/apikey-http", "--socket",
                             os.path.join(data, "apikeyserv.sock"), "--port",
                             str(ports["bridge"]), "--log-level", "warning"])
        routed = self.spawn([f"{self.bin}/apikey-http", "--socket",
                             os.path.join(data, "apikeyserv.sock"), "--port",
                             str(ports["router"]), "--log-level", "warning",
                             "--key-sets-through-router"])
        jwks = wait_http(f"http://127.0.0.1:{ports['bridge']}/signingkeys/")
        if wait_http(f"http://127.0.0.1:{ports['router']}/signingkeys/") != jwks:
            raise SystemExit("the two bridges serve different key sets")
        www = os.path.join(self.work, "www", "signingkeys")
        os.makedirs(www)
        with open(os.path.join(www, "index.json"), "wb") as out:
            out.write(jwks)
        os.chmod(os.path.join(self.work, "www"), 0o755)
        os.chmod(www, 0o755)
        nginx = self.start_nginx(ports["nginx"])
        wait_http(f"http://127.0.0.1:{ports['nginx']}/signingkeys/")
        runs = {"bridge": [], "nginx": [], "router": []}
        for _ in range(self.args.rounds):
            for name, port in ports.items():
                runs[name].append(wrk(f"http://127.0.0.1:{port}/signingkeys/", self.args.wrk))
        propagation = subprocess.run(
            [sys.executable, os.path.join(ROOT, "scripts/propagation.py"),
             os.path.join(data, "admin.sock"), f"http://127.0.0.1:{ports['bridge']}/signingkeys/",
             str(3 if self.args.smoke else 20)], check=True, capture_output=True, text=True)
        self.stop(routed)
        self.stop(bridge)
        self.stop(daemon)
        subprocess.run(["nginx", "-c", nginx, "-s", "quit"], capture_output=True)
        merged = {name: merge_wrk(r) for name, r in runs.items()}
        self.figures["http"] = {"rounds": runs, "merged": merged, "jwks_bytes": len(jwks),
                                "propagation": propagation.stdout.strip().splitlines()}
        bridge_figures, nginx_figures = merged["bridge"], merged["nginx"]
        self.row("JWKS over HTTP, wrk -t2 -c32", bridge_figures["rate"], "req/s",
                 "nginx, 2 workers, static file", nginx_figures["rate"], 1.0,
                 {"p99_ms": bridge_figures["p99_ms"], "limit_p99_ms": nginx_figures["p99_ms"]})
        self.row("JWKS p99 latency", bridge_figures["p99_ms"], "ms", "nginx's p99",
                 nginx_figures["p99_ms"], 1.5, higher=False)
        self.row("JWKS before: through Hummingbird's router", merged["router"]["rate"], "req/s",
                 "nginx, 2 workers, static file", nginx_figures["rate"], None,
                 {"p99_ms": merged["router"]["p99_ms"]})
        self.row("JWKS against the original", bridge_figures["rate"], "req/s",
                 "the original (1,660 req/s)", ORIGINAL_JWKS_RATE, None)

    def start_nginx(self, port):
        conf = os.path.join(self.work, "nginx.conf")
        with open(conf, "w") as out:
            out.write(f"""worker_processes 2;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx.err warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    root {self.work}/www;
    location = /signingkeys/ {{
      try_files /signingkeys/index.json =404;
      add_header Cache-Control "public, max-age=60";
    }}
  }}
}}
""")
        subprocess.run(["nginx", "-c", conf], check=True)
        return conf

    def postgres(self):
        binaries = sorted(d for d in os.listdir("/usr/lib/postgresql")) if os.path.isdir(
            "/usr/lib/postgresql") else []
        if not binaries:
            print("== PostgreSQL: not installed, skipped", flush=True)
            return
        print("== IssueKey on PostgreSQL (a throwaway cluster, fsync on)", flush=True)
        pg = PostgresCluster(os.path.join(self.work, "pg"),
                             f"/usr/lib/postgresql/{binaries[-1]}/bin")
        try:
            url, password_file = pg.start()
            data = os.path.join(self.work, "pgdaemon")
            daemon, _ = self.start_daemon(data, "--database", url, "--database-password-file",
                                          password_file, "--database-pool-size", "8")
            try:
                figures = self.rpc(data, daemon.pid, ["check-admin", "issue-key"])
                # The threads a swarm of writers costs: transaction bodies run on the backend's
                # own threads, one per pooled connection, whatever the number of callers.
                with ThreadSampler(daemon.pid) as threads:
                    self.rpc(data, daemon.pid, ["issue-key"], callers=256,
                             count=max(1024, self.args.count // 2), rounds=1)
            finally:
                self.stop(daemon)
        finally:
            pg.stop()
        self.figures["postgres"] = figures
        bound = 2 * (os.cpu_count() or 1) + 8 + 8
        self.figures["postgres_threads_256_callers"] = threads.peak
        self.row("daemon threads, 256 IssueKey callers on PostgreSQL (pool 8)", threads.peak,
                 "threads", "2 x cores + pool + 8", bound, 1.0, higher=False)
        self.row("IssueKey on PostgreSQL, 64 callers", figures["issue-key"]["rate"], "keys/s",
                 "Health.Check, admin socket", figures["check-admin"]["rate"], None,
                 {"p99_ms": figures["issue-key"]["p99_ms"]})
        self.row("IssueKey on PostgreSQL against the original", figures["issue-key"]["rate"],
                 "keys/s", "the original on PostgreSQL (169 keys/s)",
                 ORIGINAL_ISSUE_RATE_POSTGRES, 10.0)

    def store(self):
        print("== the store: raw SQLite inserts of the same rows, same durability", flush=True)
        raw = raw_sqlite_rate(os.path.join(self.work, "raw.db"), self.args.count, batch=64)
        self.figures["raw_sqlite_keys_per_second"] = raw
        if "rpc" not in self.figures:
            return
        issue = self.figures["rpc"]["issue-key"]["rate"]
        self.row("IssueKey against the store's limit", issue, "keys/s",
                 "raw SQLite: 3 inserts per key, 64 per commit, WAL, synchronous=FULL", raw, None)

    # -- output ------------------------------------------------------------------------------

    def write(self):
        out = self.args.out
        os.makedirs(out, exist_ok=True)
        document = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "smoke": self.args.smoke, "machine": machine(), "versions": versions(self.bin),
            "rows": self.rows, "figures": self.figures}
        with open(os.path.join(out, "results.json"), "w") as f:
            json.dump(document, f, indent=1, sort_keys=True)
        with open(os.path.join(out, "results.md"), "w") as f:
            f.write(markdown(document))
        with open(os.path.join(out, "results.svg"), "w") as f:
            f.write(bench_chart.svg(document))
        print(f"wrote {out}/results.md, results.json, results.svg")


def write_dump(out, count, seed):
    """count API keys in the original's `dumpdata` format (random ids, distinct addresses)."""
    import random
    rng = random.Random(seed)
    out.write("[")
    for i in range(count):
        if i:
            out.write(",")
        out.write(json.dumps({
            "model": "apikeys.apikey", "pk": rng.randrange(1, 2 ** 63), "fields": {
                "contactperson_1_name": f"Bench Person {seed + i}",
                "email_1": f"bench{seed + i}@example.org", "contactperson_2_name": "",
                "email_2": None, "organisation": f"Organisation {i % 500}",
                "department": "Data", "created": "2026-07-01T14:30:00.123",
                "modified": "2026-07-02T09:00:00", "expires": None, "sent": True}},
            separators=(",", ":")))
    out.write("]")


def raw_sqlite_rate(path, count, batch):
    """Keys/s when each key is three plain inserts (record, token, audit row), batch keys per
    transaction, in WAL mode with synchronous=FULL: what the database itself allows."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE api_keys (id INTEGER PRIMARY KEY, email TEXT, organisation TEXT, "
               "contact_name TEXT, created_at INTEGER, modified_at INTEGER, expires_at INTEGER, "
               "mac BLOB)")
    db.execute("CREATE TABLE tokens (key_id INTEGER, kid TEXT, issued_at INTEGER, expires_at "
               "INTEGER)")
    db.execute("CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER, action TEXT, target TEXT, "
               "caller TEXT, mac BLOB)")
    import random
    began = time.monotonic()
    for start in range(0, count, batch):
        db.execute("BEGIN IMMEDIATE")
        for i in range(start, min(count, start + batch)):
            key = random.randrange(1, 2 ** 63)
            db.execute("INSERT INTO api_keys VALUES (?,?,?,?,?,?,?,?)",
                       (key, f"bench{i}@example.com", "Benchmark", "", i, i, i, os.urandom(32)))
            db.execute("INSERT INTO tokens VALUES (?,?,?,?)", (key, "kid" * 14, i, i))
            db.execute("INSERT INTO audit (at, action, target, caller, mac) VALUES (?,?,?,?,?)",
                       (i, "issue_key", str(key), "uid 0", os.urandom(32)))
        db.execute("COMMIT")
    rate = count / (time.monotonic() - began)
    db.close()
    return rate


class ThreadSampler:
    """The peak of a process's thread count (`Threads:` in /proc/PID/status) while in use."""

    def __init__(self, pid, interval=0.05):
        import threading
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def count(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
        return 0

    def sample(self):
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, self.count())
            except OSError:
                return
            self.done.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join()


class PostgresCluster:
    """A throwaway cluster on loopback with password authentication, fsync on."""

    def __init__(self, directory, binaries):
        self.dir, self.bin = directory, binaries
        self.port = free_port()

    def as_postgres(self, *argv):
        prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*prefix, *argv], check=True, capture_output=True, stdin=subprocess.DEVNULL)

    def start(self):
        os.makedirs(self.dir)
        password = os.urandom(12).hex()
        with open(os.path.join(self.dir, "pw"), "w") as f:
            f.write(password + "\n")
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(os.path.join(self.dir, "pw"), "postgres")
        data = os.path.join(self.dir, "data")
        self.as_postgres(f"{self.bin}/initdb", "-D", data, "-U", "apikeyserv",
                         f"--pwfile={self.dir}/pw", "-A", "scram-sha-256")
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                    f"unix_socket_directories = '{self.dir}'\nmax_connections = 100\n")
        with open(os.path.join(data, "pg_hba.conf"), "a") as f:
            f.write("host all all 127.0.0.1/32 scram-sha-256\n")
        self.as_postgres(f"{self.bin}/pg_ctl", "-D", data, "-l", f"{self.dir}/log", "-w", "start")
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "apikeyserv",
                        "-d", "postgres", "-c", "CREATE DATABASE keys"], check=True,
                       env={**os.environ, "PGPASSWORD": password}, capture_output=True)
        secret = os.path.join(os.path.dirname(self.dir), "db-password")
        with open(secret, "w") as f:
            f.write(password + "\n")
        os.chmod(secret, 0o600)
        return f"postgres://apikeyserv@127.0.0.1:{self.port}/keys?sslmode=disable", secret

    def stop(self):
        try:
            self.as_postgres(f"{self.bin}/pg_ctl", "-D", os.path.join(self.dir, "data"), "-m",
                             "fast", "-w", "stop")
        except subprocess.CalledProcessError:
            pass


def free_port():
    """A loopback TCP port nothing listens on now."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_http(url):
    import urllib.request
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wrk(url, duration):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}", "--latency", url], check=True,
                         capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk against {url}: {errors.group(1)} error responses")
    percentiles = {p: milliseconds(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out,
                                                             re.M)}
    return {"rate": rate, "requests": requests, "p50_ms": percentiles["50"],
            "p99_ms": percentiles["99"]}


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def merge_wrk(runs):
    """Rounds as one: requests over summed time; the worst round's percentiles."""
    return {"rate": sum(r["rate"] for r in runs) / len(runs),
            "p50_ms": max(r["p50_ms"] for r in runs), "p99_ms": max(r["p99_ms"] for r in runs)}


def machine():
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) // 1024
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_mib": memory,
            "kernel": platform.release()}


def versions(binaries):
    def first_line(*argv):
        try:
            out = subprocess.run(argv, capture_output=True, text=True)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "not installed"
    return {
        "commit": first_line("git", "-C", ROOT, "rev-parse", "--short", "HEAD"),
        "swift": first_line("swift", "--version"), "build": os.path.basename(binaries),
        "sqlite": sqlite3.sqlite_version, "nginx": first_line("nginx", "-v"),
        "wrk": first_line("wrk", "--version"), "postgres": first_line("psql", "--version"),
        "libsodium": first_line("pkg-config", "--modversion", "libsodium")}


def number(value):
    """A figure as the table shows it: one decimal from 10 up, three significant digits below
    (a start time of 0.051 s is not shown as 0.1)."""
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"


def shown_ratio(row):
    """The ratio to two decimals, or three where two would round it across its target (0.797
    against 0.8 is not shown as 0.80 and missed)."""
    ratio = row["ratio"]
    if ratio is None:
        return "–"
    text = f"{ratio:.2f}"
    if row["target"] is not None and row["met"] is not None:
        rounded = float(text)
        if (rounded >= row["target"]) != (ratio >= row["target"]):
            text = f"{ratio:.3f}"
    return text + "×"


def markdown(document):
    lines = [
        "# apikeyserv performance" + (" (smoke run: tiny counts, no targets)"
                                      if document["smoke"] else ""),
        "",
        f"{document['date']}, commit {document['versions']['commit']}, "
        f"{document['machine']['cores']} cores ({document['machine']['cpu']}), "
        f"{document['machine']['memory_mib']:,} MiB; {document['versions']['swift']}; "
        f"SQLite {document['versions']['sqlite']}, libsodium {document['versions']['libsodium']}, "
        f"{document['versions']['nginx']}, {document['versions']['postgres']}.",
        "",
        "Each figure is measured beside its limit in the same run (`make bench`, "
        "scripts/bench.py); the ratio is figure / limit.",
        "",
        "| path | figure | limit | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]
    for row in document["rows"]:
        ratio = shown_ratio(row)
        if row["target"] is None:
            target, verdict = "–", ""
        else:
            target = ("≥ " if row["higher_is_better"] else "≤ ") + f"{row['target']:g}×"
            verdict = {True: "met", False: "**missed**", None: ""}[row["met"]]
        limit = (f"{row['limit_name']}: {number(row['limit'])}" if row["limit"]
                 else row["limit_name"])
        extra = ""
        if row.get("daemon_cpu_us_per_call") is not None:
            extra = f" (daemon {row['daemon_cpu_us_per_call']:.0f} µs CPU/call)"
        lines.append(f"| {row['path']} | {number(row['figure'])} {row['unit']}{extra} | {limit} | "
                     f"{ratio} | {target} | {verdict} |")
    lines += ["", "![rates against their limits; IssueKey latency against callers](results.svg)",
              ""]
    curve = document["figures"].get("issue_latency_by_callers")
    if curve:
        lines += ["IssueKey latency against callers:", "",
                  "| callers | keys/s | p50 ms | p90 ms | p99 ms | daemon µs CPU/call |",
                  "|---|---|---|---|---|---|"]
        for point in curve:
            lines.append(
                f"| {point['callers']} | {point['rate']:,.0f} | {point['p50_ms']:.2f} | "
                f"{point['p90_ms']:.2f} | {point['p99_ms']:.2f} | "
                f"{point.get('daemon_cpu_us_per_call', 0):.0f} |")
        lines.append("")
    http = document["figures"].get("http")
    if http:
        lines += ["A key set change, from the admin RPC to the bridge's answer "
                  "(scripts/propagation.py):", ""]
        lines += [f"- {line}" for line in http["propagation"]] + [""]
    rpc = document["figures"].get("rpc")
    if rpc:
        lines += ["Every RPC measured (64 callers; verify-keys: one stream):", "",
                  "| path | calls/s | p50 ms | p99 ms | daemon µs CPU/call |", "|---|---|---|---|---|"]
        for path, r in rpc.items():
            lines.append(f"| {path} | {r['rate']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                         f"{r.get('daemon_cpu_us_per_call', 0):.0f} |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release"))
    parser.add_argument("--out", default=None,
                        help="default: bench/ for a full run, .build/bench-smoke/ or .build/bench/")
    parser.add_argument("--smoke", action="store_true",
                        help="seconds, tiny counts, no targets (CI)")
    parser.add_argument("--only", nargs="*", default=None,
                        help="phases: verify python rpc store usage growth http postgres")
    parser.add_argument("--growth-keys", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.smoke:
        args.count, args.rounds, args.verify_count, args.stream_count = 256, 1, 2000, 2000
        args.verify_rounds = 1
        args.curve, args.wrk, args.fill_chunk = [1, 8], "1s", 1000
        args.growth_keys = min(args.growth_keys, 3000)
    else:
        args.count, args.rounds, args.verify_count, args.stream_count = 3000, 3, 40_000, 100_000
        # One-core loops: the best of 5 alternating rounds, so a neighbour's burst on this shared
        # machine does not decide the ratio.
        args.verify_rounds = 5
        args.curve, args.wrk, args.fill_chunk = [1, 4, 16, 64, 128], "5s", 100_000
    phases = args.only or [
        "verify", "python", "rpc", "store", "usage", "growth", "http", "postgres"]
    if args.out is None:
        args.out = os.path.join(ROOT, ".build/bench-smoke" if args.smoke else
                                ".build/bench" if args.only else "bench")
    suite = Suite(args)
    try:
        for phase in phases:
            getattr(suite, {"rpc": "rpc_paths"}.get(phase, phase))()
        suite.write()
    finally:
        suite.cleanup()
    missed = [row["path"] for row in suite.rows if row["met"] is False]
    if missed:
        print("missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
