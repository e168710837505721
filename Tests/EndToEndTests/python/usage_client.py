"""A verifier written in Python with grpcio, reporting usage over the daemon's public socket
(ReportUsage), as the Swift end-to-end tests drive it:

    python usage_client.py --stubs DIR --protos DIR --public SOCK --admin SOCK -- COMMAND [ARGS]

report VERIFIER KEY_ID KID COUNT BATCH_ID: one batch; prints the answer and the batch's bytes
(hex), to show that no token travels.
follow VERIFIER INTERVAL: a long-running verifier: follows WatchPublicKeys and reports the revision
it holds as soon as it changes and every INTERVAL seconds (with no usage); runs until killed.
flood VERIFIER N: N reports as fast as they go; prints how many were accepted and refused.
"""
import json
import os
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grpc_client import fail, setup  # noqa: E402


def report(ctx, verifier, key_id, kid, count, batch_id):
    pb = ctx["pb"]
    now = time.time()
    entry = pb.UsageEntry(key_id=int(key_id), kid=kid, outcome=pb.USAGE_OUTCOME_ACCEPTED,
                          count=int(count))
    entry.first_seen.FromNanoseconds(int((now - 1) * 1e9))
    entry.last_seen.FromNanoseconds(int(now * 1e9))
    batch = pb.UsageReport(verifier=verifier, batch_id=batch_id, entries=[entry])
    stub = ctx["rpc"].PublicKeysStub(ctx["public"])
    revision = stub.ListPublicKeys(pb.ListPublicKeysRequest(), timeout=10).revision
    batch.revision = revision
    answer = stub.ReportUsage(batch, timeout=10)
    return {"accepted_entries": answer.accepted_entries, "unknown_keys": answer.unknown_keys,
            "replayed": answer.replayed, "bytes": batch.SerializeToString().hex()}


def follow(ctx, verifier, interval):
    pb = ctx["pb"]
    stub = ctx["rpc"].PublicKeysStub(ctx["public"])
    held = {"revision": 0}
    changed = threading.Event()

    def watch():
        for key_set in stub.WatchPublicKeys(pb.WatchPublicKeysRequest()):
            held["revision"] = key_set.revision
            changed.set()

    threading.Thread(target=watch, daemon=True).start()
    print(json.dumps({"following": True}), flush=True)
    while True:
        changed.wait(float(interval))
        changed.clear()
        try:
            stub.ReportUsage(pb.UsageReport(verifier=verifier, batch_id=str(uuid.uuid4()),
                                            revision=held["revision"]), timeout=10)
        except Exception as error:  # the daemon away: try again at the next interval
            print(f"report failed: {error}", file=sys.stderr, flush=True)


def flood(ctx, verifier, n):
    pb = ctx["pb"]
    grpc = ctx["grpc"]
    stub = ctx["rpc"].PublicKeysStub(ctx["public"])
    accepted = refused = 0
    retry_after = ""
    for _ in range(int(n)):
        try:
            stub.ReportUsage(pb.UsageReport(verifier=verifier, batch_id=str(uuid.uuid4())),
                             timeout=10)
            accepted += 1
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                fail(f"unexpected {error.code()}: {error.details()}")
            refused += 1
            retry_after = dict(error.trailing_metadata() or []).get("x-apikeyserv-retry-after", "")
    return {"accepted": accepted, "refused": refused, "retry_after": retry_after}


def main():
    options, ctx = setup()
    commands = {"report": report, "follow": follow, "flood": flood}
    if options.command not in commands:
        fail(f"unknown command {options.command}")
    print(json.dumps(commands[options.command](ctx, *options.args)))


if __name__ == "__main__":
    main()
