"""Hostile and greedy clients of the daemon's sockets (grpcio and raw sockets):

    python socket_limits.py --stubs DIR --protos DIR --public SOCK --admin SOCK COMMAND [ARGS]

Prints one JSON object with what happened; the Swift test decides what it should have been.
"""
import json
import os
import random
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grpc_client  # noqa: E402  (options, stubs, channels)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
EMPTY_SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def channel(grpc, path):
    # A channel of its own (its own connection), not one shared from grpcio's global pool.
    return grpc.insecure_channel(f"unix://{path}", options=[("grpc.use_local_subchannel_pool", 1)])


def health_ok(ctx, path):
    try:
        stub = ctx["health_rpc"].HealthStub(channel(ctx["grpc"], path))
        stub.Check(ctx["health_pb2"].HealthCheckRequest(), timeout=5)
        return True
    except ctx["grpc"].RpcError:
        return False


def connections(ctx, count):
    """COUNT connections held open at once, each with one call on it."""
    grpc = ctx["grpc"]
    held, ok, failed = [], 0, 0
    for _ in range(int(count)):
        ch = channel(grpc, ctx["public_path"])
        held.append(ch)
        try:
            ctx["rpc"].PublicKeysStub(ch).ListPublicKeys(ctx["pb"].ListPublicKeysRequest(), timeout=5)
            ok += 1
        except grpc.RpcError:
            failed += 1
    admin = health_ok(ctx, ctx["admin_path"])
    for ch in held:
        ch.close()
    time.sleep(0.5)
    return {"ok": ok, "failed": failed, "admin_ok": admin, "public_ok_after": health_ok(ctx, ctx["public_path"])}


def streams(ctx, count):
    """COUNT WatchPublicKeys streams at once on one connection: how many get their first set."""
    grpc = ctx["grpc"]
    ch = channel(grpc, ctx["public_path"])
    stub = ctx["rpc"].PublicKeysStub(ch)
    received, errors, calls = [], [], []
    lock = threading.Lock()

    def watch():
        call = stub.WatchPublicKeys(ctx["pb"].WatchPublicKeysRequest(), timeout=5)
        with lock:
            calls.append(call)
        try:
            next(call)
            with lock:
                received.append(1)
            time.sleep(3)
        except grpc.RpcError as error:
            with lock:
                errors.append({"code": error.code().name, "message": error.details()})

    threads = [threading.Thread(target=watch) for _ in range(int(count))]
    for t in threads:
        t.start()
        time.sleep(0.05)
    time.sleep(1.5)
    with lock:
        got = len(received)
    for call in calls:
        call.cancel()
    for t in threads:
        t.join()
    ch.close()
    time.sleep(0.5)  # the daemon sees the streams end
    return {"received": got, "errors": len(errors), "error_codes": sorted({e["code"] for e in errors}),
            "messages": sorted({e["message"] for e in errors}), "public_ok_after": health_ok(ctx, ctx["public_path"])}


def verify(ctx, size):
    """VerifyKey with a token of SIZE bytes: the status code and message."""
    grpc = ctx["grpc"]
    stub = ctx["rpc"].PublicKeysStub(channel(grpc, ctx["public_path"]))
    try:
        response = stub.VerifyKey(ctx["pb"].VerifyKeyRequest(token="a" * int(size)), timeout=5)
        return {"code": "OK", "valid": response.valid, "message": response.message}
    except grpc.RpcError as error:
        return {"code": error.code().name, "message": error.details()}


def raw_connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(path)
    return s


def idle(ctx):
    """A connection that sends the HTTP/2 preface and no call: seconds until the daemon closes it."""
    s = raw_connect(ctx["public_path"])
    s.sendall(PREFACE + EMPTY_SETTINGS)
    started = time.monotonic()
    try:
        while s.recv(4096):
            pass
    except socket.timeout:
        return {"closed": False, "seconds": time.monotonic() - started}
    return {"closed": True, "seconds": time.monotonic() - started}


def garbage(ctx):
    """Random bytes, a valid preface then junk, a truncated frame, on both sockets; then calls."""
    rng = random.Random(1234)
    sent = 0
    for path in (ctx["public_path"], ctx["admin_path"]):
        payloads = [bytes(rng.getrandbits(8) for _ in range(4096)) for _ in range(5)]
        payloads += [PREFACE + bytes(rng.getrandbits(8) for _ in range(2048))]
        payloads += [PREFACE + EMPTY_SETTINGS + b"\x00\x40\x00\x01\x04\x00\x00\x00\x01" + b"\x82\x86"]  # truncated HEADERS
        payloads += [PREFACE + b"\xff\xff\xff\x00\x00\x00\x00\x00\x00" * 3]  # oversized frame lengths
        payloads += [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"]
        for payload in payloads:
            s = raw_connect(path)
            try:
                s.sendall(payload)
                s.settimeout(2)
                try:
                    s.recv(4096)
                except (socket.timeout, ConnectionResetError):
                    pass
            except (BrokenPipeError, ConnectionResetError):
                pass
            s.close()
            sent += 1
    return {"sent": sent, "public_ok": health_ok(ctx, ctx["public_path"]),
            "admin_ok": health_ok(ctx, ctx["admin_path"])}


def stalled_call(ctx, method="/apikeyserv.v1.PublicKeys/VerifyKey"):
    """A unary call whose request message never comes (HEADERS, then silence), with no
    grpc-timeout of its own: the status the daemon ends it with, and after how long."""
    import h2.config
    import h2.connection
    import h2.events

    s = raw_connect(ctx["public_path"])
    connection = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
    connection.initiate_connection()
    stream = connection.get_next_available_stream_id()
    connection.send_headers(stream, [
        (":method", "POST"), (":scheme", "http"), (":path", method), (":authority", "localhost"),
        ("content-type", "application/grpc"), ("te", "trailers"),
    ])
    s.sendall(connection.data_to_send())
    started = time.monotonic()
    s.settimeout(15)
    headers = {}
    try:
        while True:
            data = s.recv(65536)
            if not data:
                break
            for event in connection.receive_data(data):
                if isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                    headers.update({k.decode(): v.decode() for k, v in event.headers})
                if isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
                    return {"grpc_status": headers.get("grpc-status"), "message": headers.get("grpc-message"),
                            "seconds": time.monotonic() - started}
            s.sendall(connection.data_to_send())
    except socket.timeout:
        pass
    return {"grpc_status": None, "seconds": time.monotonic() - started}


def main():
    options, ctx = grpc_client.setup()
    commands = {"connections": connections, "streams": streams, "verify": verify, "idle": idle,
                "garbage": garbage, "stalled-call": stalled_call}
    print(json.dumps(commands[options.command](ctx, *options.args)))

if __name__ == "__main__":
    main()
