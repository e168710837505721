"""Two apikeyserv daemons on one PostgreSQL database, driven as a client on each host would:

    python several_hosts.py --stubs DIR --protos DIR --a-admin SOCK --a-public SOCK \
        --b-admin SOCK --b-public SOCK COMMAND

Commands (each prints one JSON object; a failed expectation prints its reason on stderr, exit 1):
  propagation  a key issued on A verifies on B; a new signing key, a revocation and a retirement
               made on A reach B's WatchPublicKeys (and B's VerifyKey); the delay of each, from
               sending the change to A to B's watcher seeing A's revision, in ms
  concurrent   IssueKey from 8 threads on each daemon at once; every id distinct, both daemons
               list all of them, the audit trail verifies
  issue-loop   issues keys on A for --seconds; prints how many succeeded and failed, with the
               failures' codes and messages, and the slowest call (for the database-down test)
"""
import argparse
import json
import os
import statistics
import sys
import threading
import time


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def setup():
    parser = argparse.ArgumentParser()
    for name in ["stubs", "protos", "a-admin", "a-public", "b-admin", "b-public"]:
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("command")
    options = parser.parse_args()
    if not os.path.exists(os.path.join(options.stubs, "apikeyserv", "v1", "apikeyserv_pb2.py")):
        from grpc_tools import protoc
        import grpc_tools

        include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
        os.makedirs(options.stubs, exist_ok=True)
        protoc.main(["protoc", f"-I{options.protos}", f"-I{include}", f"--python_out={options.stubs}",
                     f"--grpc_python_out={options.stubs}", "apikeyserv/v1/apikeyserv.proto"])
    sys.path.insert(0, options.stubs)
    import grpc
    from apikeyserv.v1 import apikeyserv_pb2 as pb, apikeyserv_pb2_grpc as rpc

    def channel(path):
        return grpc.insecure_channel(f"unix://{path}")

    ctx = dict(grpc=grpc, pb=pb,
               a_admin=rpc.AdminStub(channel(options.a_admin)),
               a_public=rpc.PublicKeysStub(channel(options.a_public)),
               b_admin=rpc.AdminStub(channel(options.b_admin)),
               b_public=rpc.PublicKeysStub(channel(options.b_public)))
    return options, ctx


class Watcher:
    """Follows B's WatchPublicKeys; records when each revision arrived."""

    def __init__(self, ctx):
        self.stream = ctx["b_public"].WatchPublicKeys(ctx["pb"].WatchPublicKeysRequest(), timeout=120)
        self.arrivals = []
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        try:
            for update in self.stream:
                with self.condition:
                    self.arrivals.append((time.monotonic(), update))
                    self.condition.notify_all()
        except Exception:
            pass

    def wait_for(self, revision, timeout=5.0):
        """The first set at `revision` or later, and when it arrived; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for arrived, update in self.arrivals:
                    if update.revision >= revision:
                        return arrived, update
                left = deadline - time.monotonic()
                if left <= 0:
                    fail(f"B's watcher did not see revision {revision} within {timeout} s")
                self.condition.wait(left)


def propagation(ctx):
    pb = ctx["pb"]
    watcher = Watcher(ctx)
    delays = {}
    issued = ctx["a_admin"].IssueKey(pb.IssueKeyRequest(email="a@example.com", organisation="Host A"),
                                     timeout=10)
    verdict = ctx["b_public"].VerifyKey(pb.VerifyKeyRequest(token=issued.token), timeout=10)
    if not verdict.valid or verdict.subject != str(issued.key.id):
        fail(f"a key issued on A does not verify on B: {verdict}")
    samples = []
    new_kid = None
    # Each delay runs from sending the change to A until B's watcher has it: an upper bound that
    # includes A's commit (B may see the change before A's answer is back).
    for round_ in range(10):
        answered = time.monotonic()
        generated = ctx["a_admin"].GenerateSigningKey(pb.GenerateSigningKeyRequest(), timeout=10)
        arrived, update = watcher.wait_for(generated.revision)
        samples.append((arrived - answered) * 1000)
        new_kid = generated.key.kid
        if new_kid not in [k.kid for k in update.keys]:
            fail(f"B's set at revision {update.revision} lacks the new key {new_kid}")
    delays["signing_key"] = samples
    # A key issued on B after the rotation on A is signed by A's new key.
    on_b = ctx["b_admin"].IssueKey(pb.IssueKeyRequest(email="b@example.com", organisation="Host B"),
                                   timeout=10)
    if on_b.kid != new_kid:
        fail(f"B signs with {on_b.kid}, not A's newest key {new_kid}")
    answered = time.monotonic()
    revoked = ctx["a_admin"].RevokeKey(pb.RevokeKeyRequest(id=on_b.key.id), timeout=10)
    arrived, update = watcher.wait_for(revoked.revision)
    delays["revocation"] = [(arrived - answered) * 1000]
    if on_b.key.id not in [r.id for r in update.revoked]:
        fail("B's set does not list the key revoked on A")
    verdict = ctx["b_public"].VerifyKey(pb.VerifyKeyRequest(token=on_b.token), timeout=10)
    if verdict.valid or verdict.reason != pb.VERIFY_FAILURE_REVOKED:
        fail(f"B's VerifyKey still accepts the key revoked on A: {verdict}")
    answered = time.monotonic()
    retired = ctx["a_admin"].RetireKey(pb.RetireKeyRequest(kid=issued.kid), timeout=10)
    arrived, update = watcher.wait_for(retired.revision)
    delays["retirement"] = [(arrived - answered) * 1000]
    if issued.kid in [k.kid for k in update.keys]:
        fail("B still publishes the key retired on A")
    verdict = ctx["b_public"].VerifyKey(pb.VerifyKeyRequest(token=issued.token), timeout=10)
    if verdict.valid:
        fail("B's VerifyKey accepts a token of the key retired on A")
    watcher.stream.cancel()
    every = [d for values in delays.values() for d in values]
    return {"samples": len(every), "median_ms": round(statistics.median(every), 1),
            "max_ms": round(max(every), 1), "by_change": {k: [round(v, 1) for v in vs]
                                                          for k, vs in delays.items()}}


def concurrent(ctx):
    pb = ctx["pb"]
    ids, errors = [], []
    lock = threading.Lock()

    def issue(stub, host):
        for n in range(25):
            try:
                response = stub.IssueKey(pb.IssueKeyRequest(email=f"{host}{n}@example.com",
                                                            organisation=f"Host {host}"), timeout=30)
                with lock:
                    ids.append(response.key.id)
            except Exception as error:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(str(error))

    threads = [threading.Thread(target=issue, args=(ctx[f"{host}_admin"], host))
               for host in ["a", "b"] for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        fail(f"{len(errors)} issues failed, the first: {errors[0]}")
    listed = {}
    for host in ["a", "b"]:
        seen, token = set(), ""
        while True:
            page = ctx[f"{host}_admin"].ListKeys(pb.ListKeysRequest(page_size=1000, page_token=token),
                                                timeout=10)
            seen.update(k.id for k in page.keys)
            token = page.next_page_token
            if not token:
                break
        listed[host] = seen
    trail = ctx["b_admin"].VerifyAuditTrail(pb.VerifyAuditTrailRequest(), timeout=30)
    return {"issued": len(ids), "distinct": len(set(ids)),
            "listed_on_a": len(listed["a"] & set(ids)), "listed_on_b": len(listed["b"] & set(ids)),
            "audit": json.loads(json_format(trail))}


def json_format(message):
    from google.protobuf import json_format as jf
    return jf.MessageToJson(message, preserving_proto_field_name=True)


def issue_loop(ctx, seconds):
    """Issues keys one after another for `seconds`."""
    pb, grpc = ctx["pb"], ctx["grpc"]
    end = time.monotonic() + seconds
    ok, failures, slowest = 0, {}, 0.0
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            ctx["a_admin"].IssueKey(pb.IssueKeyRequest(email="loop@example.com", organisation="Loop"),
                                    timeout=30)
            ok += 1
        except grpc.RpcError as error:
            key = f"{error.code().name}: {error.details()}"
            failures[key] = failures.get(key, 0) + 1
            time.sleep(0.05)
        slowest = max(slowest, time.monotonic() - started)
    return {"ok": ok, "failures": failures, "slowest_s": round(slowest, 2)}


def main():
    options, ctx = setup()
    commands = {"propagation": propagation, "concurrent": concurrent,
                "issue-loop": lambda ctx: issue_loop(ctx, options.seconds)}
    if options.command not in commands:
        fail(f"unknown command {options.command}")
    print(json.dumps(commands[options.command](ctx)))


if __name__ == "__main__":
    main()
