"""Slow and idle HTTP clients against the bridge (slowloris), then one normal request.

Usage: slow_clients.py PORT COUNT [--hold SECONDS] [--body]
Opens COUNT connections that send an unfinished request head (with --body: a whole
POST /apikeys/ head and only the start of its body), then times a normal
GET /signingkeys/ on a new connection while they are open, then counts how many of the slow
connections the server has closed. Prints one JSON object.
"""
import argparse
import json
import resource
import socket
import time

import raw_http


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--hold", type=float, default=0.0, help="seconds to wait before counting closed ones")
    parser.add_argument("--body", action="store_true", help="a whole head, then a body that never ends")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.count + 256), hard))

    slow = []
    refused = 0
    for _ in range(args.count):
        s = socket.socket()
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", args.port))
            if args.body:
                s.sendall(b"POST /apikeys/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 1000\r\n\r\n{\"email_1\": \"")  # 990 bytes never sent
            else:
                s.sendall(b"GET /signingkeys/ HTTP/1.1\r\nHost: x\r\n")  # never finished
            slow.append(s)
        except OSError:
            refused += 1
            s.close()

    started = time.monotonic()
    status = None
    error = None
    try:
        status = raw_http.get_status(args.port)
    except OSError as e:
        error = str(e)
    elapsed = time.monotonic() - started

    if args.hold:
        time.sleep(args.hold)
    closed = 0
    for s in slow:
        s.setblocking(False)
        try:
            data = s.recv(1)
            if data == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    print(json.dumps({"status": status, "error": error, "seconds": elapsed, "opened": len(slow),
                      "refused_at_connect": refused, "closed_by_server": closed}))


if __name__ == "__main__":
    main()
