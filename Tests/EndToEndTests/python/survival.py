"""Survival of the real daemon: `kill -9` in the middle of RotateSigningKey, RetireKey (a signing
key), ImportRecords and Backup, round after round, a full disk, and a file system turning read-only
under IssueKey. Prints one JSON object with what every round saw; the Swift test asserts on it.

  survival.py --bin .build/debug kill --rounds 3
  survival.py --bin .build/debug disk
  survival.py --bin .build/debug read-only
"""
import argparse
import base64
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time


def wait_for_socket(path, process, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the daemon exited with {process.returncode} before {path} was up")
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{path} never accepted a connection")


class Daemon:
    def __init__(self, binaries, data, log, wrapper=()):
        self.binaries, self.data, self.log, self.wrapper = binaries, data, log, list(wrapper)
        self.process = None
        self.sockets = data

    def start(self, *extra, sockets=None):
        """Starts the daemon; `sockets`: a directory for its sockets other than the data's."""
        self.sockets = sockets or self.data
        placed = ["--socket", f"{sockets}/apikeyserv.sock", "--admin-socket",
                  f"{sockets}/admin.sock"] if sockets else []
        log = open(self.log, "a")
        self.process = subprocess.Popen(
            self.wrapper + [f"{self.binaries}/apikeyserv", "--data-dir", self.data,
                            "--generate-signing-key-if-none", *placed, *extra],
            stdout=log, stderr=log)
        wait_for_socket(f"{self.sockets}/admin.sock", self.process)
        wait_for_socket(f"{self.sockets}/apikeyserv.sock", self.process)

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def ctl(self, *arguments, stdin=None):
        return subprocess.run(
            [f"{self.binaries}/apikeyctl", *arguments, "--socket", f"{self.sockets}/admin.sock"],
            capture_output=True, text=True, input=stdin, timeout=120)

    def ctl_async(self, *arguments):
        return subprocess.Popen(
            [f"{self.binaries}/apikeyctl", *arguments, "--socket", f"{self.sockets}/admin.sock"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def issue(self, tag):
        result = self.ctl("issue", "--email", f"{tag}@example.org", "--organisation", "Survival")
        return result.stdout.strip() if result.returncode == 0 else None, result

    def signing_keys(self):
        listed = self.ctl("signing-key", "list", "--json")
        if listed.returncode != 0:
            raise SystemExit(f"signing-key list: {listed.stderr}")
        return {key["kid"]: key.get("state", "") for key in json.loads(listed.stdout).get("keys", [])}

    def listed_keys(self):
        """How many API keys the daemon lists (every page)."""
        listed = self.ctl("keys", "list", "--json", "--all")
        if listed.returncode != 0:
            return None
        return len(json.loads(listed.stdout).get("keys", []))

    def key_count(self):
        connection = sqlite3.connect(f"file:{self.data}/apikeyserv.db?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM api_keys").fetchone()[0]
        finally:
            connection.close()


def integrity(path):
    """PRAGMA integrity_check of the database, opened as SQLite opens it after a crash."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def write_dump(path, count, seed):
    """count API keys in the original's dumpdata format, fresh random ids."""
    rng = random.Random(seed)
    records = [{"model": "apikeys.apikey", "pk": rng.randrange(1, 2 ** 63), "fields": {
        "contactperson_1_name": f"Import {seed}-{i}", "email_1": f"import{seed}-{i}@example.org",
        "contactperson_2_name": "", "email_2": None, "organisation": "Imported", "department": "",
        "created": "2026-07-01T14:30:00.123", "modified": "2026-07-02T09:00:00",
        "expires": None, "sent": True}} for i in range(count)]
    with open(path, "w") as out:
        json.dump(records, out)


def subject(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]


def kill_rounds(args):
    work = tempfile.mkdtemp(prefix="aks-kill-", dir="/tmp")
    data = os.path.join(work, "data")
    daemon = Daemon(args.bin, data, os.path.join(work, "daemon.log"))
    rng = random.Random(args.seed)
    acknowledged = []
    report = {"rounds": args.rounds, "operations": {}, "restarts_failed": 0}
    try:
        daemon.start()
        for operation in ["rotate", "retire", "import", "backup"]:
            outcomes = {"before": 0, "after": 0, "between": 0, "acknowledged": 0,
                        "integrity_failures": 0, "audit_failures": 0, "acknowledged_but_before": 0,
                        "partial_backup_files": 0, "problems": []}
            window = None
            for round_number in range(args.rounds + 1):
                calibrating = round_number == 0
                target = None
                if operation == "retire":
                    rotated = daemon.ctl("signing-key", "rotate", "--publish-ahead", "0s")
                    if rotated.returncode != 0:
                        raise SystemExit(f"rotate before retire: {rotated.stderr}")
                    keys = daemon.signing_keys()
                    target = next(kid for kid, state in keys.items() if state.endswith("ACTIVE"))
                token, issued = daemon.issue(f"{operation}{round_number}")
                if token is None:
                    raise SystemExit(f"issue: {issued.stderr}")
                acknowledged.append(token)
                keys_before = daemon.signing_keys()
                count_before = daemon.key_count()
                dump = os.path.join(work, f"dump-{operation}-{round_number}.json")
                backup = os.path.join(work, f"backup-{round_number}.db")
                if operation == "import":
                    write_dump(dump, args.import_keys, args.seed * 1000 + round_number)
                argv = {"rotate": ["signing-key", "rotate", "--publish-ahead", "0s"],
                        "retire": ["signing-key", "retire", target or "", "--yes"],
                        "import": ["import", "django", dump],
                        "backup": ["backup", backup]}[operation]
                started = time.monotonic()
                process = daemon.ctl_async(*argv)
                if calibrating:
                    process.wait(120)
                    window = max(0.005, (time.monotonic() - started) * 1.3)
                    if process.returncode != 0:
                        raise SystemExit(f"{operation}: {process.stderr.read()}")
                    continue
                # Most of the window is apikeyctl starting and sending; the change itself comes
                # late in it: kill across its last part, and a little past it.
                time.sleep(rng.uniform(0.3, 1.1) * window)
                daemon.kill9()
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                acked = process.returncode == 0
                outcomes["acknowledged"] += acked
                check = integrity(os.path.join(data, "apikeyserv.db"))
                if check != "ok":
                    outcomes["integrity_failures"] += 1
                    outcomes["problems"].append(f"round {round_number}: integrity {check}")
                try:
                    daemon.start()
                except SystemExit as failure:
                    report["restarts_failed"] += 1
                    outcomes["problems"].append(f"round {round_number}: restart: {failure}")
                    raise
                keys_after = daemon.signing_keys()
                count_after = daemon.key_count()
                if operation == "rotate":
                    new = set(keys_after) - set(keys_before)
                    state = ("before" if keys_after == keys_before else
                             "after" if len(new) == 1 and keys_after[new.pop()].endswith("CURRENT")
                             and set(keys_before) <= set(keys_after) else "between")
                elif operation == "retire":
                    was, now = keys_before.get(target), keys_after.get(target)
                    state = ("before" if now == was else
                             "after" if now is None or "RETIR" in (now or "") else "between")
                elif operation == "import":
                    added = count_after - count_before
                    state = "before" if added == 0 else "after" if added == args.import_keys else "between"
                else:
                    state = "before" if (keys_after, count_after) == (keys_before, count_before) else "between"
                    if acked:
                        restored = subprocess.run(
                            [f"{args.bin}/apikeyserv", "restore", backup, "--data-dir",
                             os.path.join(work, f"restored-{round_number}"),
                             "--master-key-file", os.path.join(data, "master.key")],
                            capture_output=True, text=True)
                        if restored.returncode != 0:
                            state = "between"
                            outcomes["problems"].append(
                                f"round {round_number}: acknowledged backup does not restore: {restored.stderr}")
                    elif os.path.exists(backup):
                        outcomes["partial_backup_files"] += 1
                outcomes[state] += 1
                if acked and state == "before" and operation != "backup":
                    outcomes["acknowledged_but_before"] += 1
                if state == "between":
                    outcomes["problems"].append(
                        f"round {round_number}: between: keys {keys_before} -> {keys_after}, "
                        f"count {count_before} -> {count_after}")
                audit = daemon.ctl("audit", "verify")
                if audit.returncode != 0:
                    outcomes["audit_failures"] += 1
                    outcomes["problems"].append(f"round {round_number}: audit: {audit.stdout}{audit.stderr}")
            outcomes["window_ms"] = round(window * 1000, 1)
            report["operations"][operation] = outcomes
        # A key is lost when its record is gone (its token may rightly stop verifying: the
        # retire rounds retire the keys that signed earlier tokens).
        lost = [token for token in acknowledged
                if daemon.ctl("keys", "show", subject(token)).returncode != 0]
        report["acknowledged_keys"] = len(acknowledged)
        report["keys_lost"] = len(lost)
        report["lost_subjects"] = [subject(token) for token in lost]
    finally:
        daemon.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report))


def fill(path):
    """Writes to `path` until the file system refuses; returns the bytes written."""
    written = 0
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as out:
        while True:
            try:
                written += out.write(chunk)
            except OSError:
                break
        for size in [4096, 512, 1]:
            while True:
                try:
                    written += out.write(b"\0" * size)
                except OSError:
                    break
    return written


def issue_until_refused(daemon, tag, attempts):
    """Issues keys until one is refused; the acknowledged tokens and the refusal."""
    tokens = []
    for attempt in range(attempts):
        token, result = daemon.issue(f"{tag}{attempt}")
        if token is None:
            return tokens, result.stderr.strip()
        tokens.append(token)
    return tokens, None


def issue_until_accepted(daemon, tag, seconds):
    """Issues until one succeeds (the daemon recovering by itself); the token and the wait."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        token, _ = daemon.issue(f"{tag}{int((time.monotonic() - started) * 1000)}")
        if token:
            return token, round(time.monotonic() - started, 3)
        time.sleep(0.1)
    return None, None


def scrape(path, name):
    """The value of metric `name` on the metrics endpoint at the Unix socket `path`."""
    deadline = time.time() + 10
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.05)
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: metrics\r\nConnection: close\r\n\r\n")
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except socket.timeout:
            pass
    for line in answer.decode().splitlines():
        if line.split(" ")[0] == name:
            return float(line.split(" ")[1])
    return None


def serve_read_only(daemon, token):
    """Starts the daemon on its read-only data directory with its sockets elsewhere: what it
    serves (the key set, verification, reads) and what it answers a change."""
    sockets = tempfile.mkdtemp(prefix="aks-ros-", dir="/tmp")
    try:
        daemon.start("--metrics-listen", f"unix:{sockets}/metrics.sock", sockets=sockets)
        _, refused = daemon.issue("read-only")
        outcome = {"started": True, "public_keys": daemon.ctl("public-keys").returncode,
                   "verify": daemon.ctl("verify", token).returncode,
                   "list": daemon.ctl("keys", "list").returncode,
                   "show": daemon.ctl("keys", "show", str(subject(token))).returncode,
                   "listed_keys": daemon.listed_keys(),
                   "audit": daemon.ctl("audit", "verify").returncode,
                   "backup": daemon.ctl("backup", os.path.join(sockets, "backup.db")).returncode,
                   "issue_status": refused.returncode, "issue_refusal": refused.stderr.strip(),
                   "read_only_metric": scrape(f"{sockets}/metrics.sock", "apikeyserv_read_only"),
                   "running": daemon.process.poll() is None}
        daemon.stop()
        outcome["stop_status"] = daemon.process.returncode
        return outcome
    except SystemExit as failure:
        return {"started": False, "failure": str(failure)}
    finally:
        daemon.stop()
        daemon.sockets = daemon.data
        shutil.rmtree(sockets, ignore_errors=True)


def disk(args):
    """A full file system (tmpfs filled to the last byte), a file-size limit (RLIMIT_FSIZE:
    every write fails with EFBIG), both under a running daemon that must refuse changes clearly,
    keep reading and recover by itself; and a read-only file system at start."""
    mount = tempfile.mkdtemp(prefix="aks-disk-", dir="/tmp")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0711", "tmpfs", mount],
                             capture_output=True, text=True)
    report = {"tmpfs": mounted.returncode == 0}
    if mounted.returncode != 0:
        report["mount_refused"] = mounted.stderr.strip()
    data = os.path.join(mount, "data")
    log = os.path.join(tempfile.gettempdir(), os.path.basename(mount) + ".log")
    daemon = Daemon(args.bin, data, log)
    acknowledged = []

    def refused_and_recovered(stage, make_room):
        tokens, refusal = issue_until_refused(daemon, stage, 3000)
        acknowledged.extend(tokens)
        outcome = {"accepted_before_refusal": len(tokens), "refusal": refusal,
                   "public_keys": daemon.ctl("public-keys").returncode,
                   "verify": daemon.ctl("verify", acknowledged[0]).returncode,
                   "list": daemon.ctl("keys", "list").returncode,
                   "running": daemon.process.poll() is None}
        make_room()
        token, waited = issue_until_accepted(daemon, f"{stage}-back", 30)
        outcome["recovered"] = token is not None
        outcome["recovery_seconds"] = waited
        if token:
            acknowledged.append(token)
        report[stage] = outcome

    try:
        daemon.start()
        for i in range(5):
            token, result = daemon.issue(f"early{i}")
            if token is None:
                raise SystemExit(f"issue: {result.stderr}")
            acknowledged.append(token)
        if mounted.returncode == 0:
            filler = os.path.join(mount, "filler")
            report["filler_bytes"] = fill(filler)
            refused_and_recovered("full", lambda: os.remove(filler))
        pid = str(daemon.process.pid)
        size = max(os.path.getsize(os.path.join(data, name)) for name in os.listdir(data)
                   if os.path.isfile(os.path.join(data, name)))
        subprocess.run(["prlimit", "--pid", pid, f"--fsize={size}:unlimited"], check=True)
        refused_and_recovered(
            "file_size_limit",
            lambda: subprocess.run(["prlimit", "--pid", pid, "--fsize=unlimited:unlimited"], check=True))
        daemon.stop()
        report["integrity"] = integrity(os.path.join(data, "apikeyserv.db"))
        if mounted.returncode == 0:
            subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
            started = subprocess.run(
                [f"{args.bin}/apikeyserv", "--data-dir", data], capture_output=True, text=True,
                timeout=60)
            checked = subprocess.run(
                [f"{args.bin}/apikeyserv", "--data-dir", data, "--check-config"],
                capture_output=True, text=True, timeout=60)
            report["read_only_start"] = {"status": started.returncode,
                                         "message": started.stderr.strip()[-600:],
                                         "check_config_status": checked.returncode,
                                         "check_config": checked.stdout + checked.stderr}
            report["read_only_serving"] = serve_read_only(daemon, acknowledged[0])
            subprocess.run(["mount", "-o", "remount,rw", mount], check=True)
        daemon.start()
        report["acknowledged_keys"] = len(acknowledged)
        report["keys_lost"] = sum(daemon.ctl("verify", token).returncode != 0 for token in acknowledged)
        report["stored_keys"] = daemon.key_count()
        report["audit"] = daemon.ctl("audit", "verify").returncode
    finally:
        daemon.stop()
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", mount])
        shutil.rmtree(mount, ignore_errors=True)
        if os.path.exists(log):
            os.remove(log)
    print(json.dumps(report))


def run(*command):
    return subprocess.run(list(command), capture_output=True, text=True)


def read_only(args):
    """The file system under a running daemon turns read-only, as ext4 does by itself after an
    error (`errors=remount-ro`): an ext4 image on a loop device, failed through its own
    `trigger_fs_error` switch, so the kernel remounts it read-only with the database open. Changes
    must be refused, naming the cause; reads go on. Then, as an operator would: stop, fsck, mount,
    start; every acknowledged key is there."""
    work = tempfile.mkdtemp(prefix="aks-ro-", dir="/tmp")
    image, mount = os.path.join(work, "fs.img"), os.path.join(work, "mnt")
    os.mkdir(mount)
    report = {}
    device = None
    daemon = Daemon(args.bin, os.path.join(mount, "data"), os.path.join(work, "daemon.log"))
    acknowledged = []
    try:
        with open(image, "wb") as out:
            out.truncate(32 * 1024 * 1024)
        made = run("mkfs.ext4", "-q", "-F", image)
        attached = run("losetup", "--find", "--show", image) if made.returncode == 0 else made
        if attached.returncode != 0:
            report["loop_refused"] = attached.stderr.strip()
            return
        device = attached.stdout.strip()
        run("blockdev", "--setrw", device)
        mounted = run("mount", "-o", "rw,errors=remount-ro", device, mount)
        if mounted.returncode != 0:
            report["loop_refused"] = mounted.stderr.strip()
            return
        daemon.start()
        for i in range(3):
            token, result = daemon.issue(f"before{i}")
            if token is None:
                raise SystemExit(f"issue: {result.stderr}")
            acknowledged.append(token)
        with open(f"/sys/fs/ext4/{os.path.basename(device)}/trigger_fs_error", "w") as switch:
            switch.write("apikeyserv survival test: the file system fails")
        report["mount_options"] = run("findmnt", "-n", "-o", "OPTIONS", mount).stdout.strip()
        tokens, refusal = issue_until_refused(daemon, "during", 20)
        acknowledged.extend(tokens)
        report.update({
            "accepted_before_refusal": len(tokens), "refusal": refusal,
            "signing_key_generate": daemon.ctl("signing-key", "generate").stderr.strip(),
            "public_keys": daemon.ctl("public-keys").returncode,
            "verify": daemon.ctl("verify", acknowledged[0]).returncode,
            "list": daemon.ctl("keys", "list").returncode,
            "running": daemon.process.poll() is None})
        daemon.stop()
        report["stop_status"] = daemon.process.returncode
        # Restarted before anyone repairs the disk: read-only, from what the WAL holds.
        report["read_only_restart"] = serve_read_only(daemon, acknowledged[-1])
        run("umount", mount)
        report["fsck_status"] = run("e2fsck", "-f", "-y", device).returncode
        remounted = run("mount", "-o", "rw", device, mount)
        if remounted.returncode != 0:
            raise SystemExit(f"mount after fsck: {remounted.stderr}")
        daemon.start()
        report["acknowledged_keys"] = len(acknowledged)
        report["keys_lost"] = sum(daemon.ctl("verify", token).returncode != 0 for token in acknowledged)
        report["stored_keys"] = daemon.listed_keys()
        token, _ = daemon.issue("after")
        report["issues_after_restart"] = token is not None
        report["audit"] = daemon.ctl("audit", "verify").returncode
        daemon.stop()
        report["integrity"] = integrity(os.path.join(daemon.data, "apikeyserv.db"))
    finally:
        daemon.stop()
        if device:
            run("umount", "-l", mount)
            run("losetup", "-d", device)
        shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(report))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-keys", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("command", choices=["kill", "disk", "read-only"])
    args = parser.parse_args()
    {"kill": kill_rounds, "disk": disk, "read-only": read_only}[args.command](args)


if __name__ == "__main__":
    main()
