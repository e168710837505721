"""Malformed HTTP at the bridge, each on its own connection, then one good request.

Usage: bad_http.py PORT   (prints one JSON object: the answers to the bad requests, and the
status of GET /signingkeys/ afterwards)
"""
import json
import socket
import sys

import raw_http

BAD = [
    b"\x00\x01\x02\x03garbage\r\n\r\n",
    b"GET /signingkeys/ HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET /signingkeys/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"GET /signingkeys/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET /signingkeys/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
    b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /signingkeys/ HTTP/1.1\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n",
    b"GET /signingkeys/ HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00",
]


def exchange(port, payload):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(payload)
        data = s.recv(200)
    except OSError as error:
        return f"error: {error.__class__.__name__}"
    finally:
        s.close()
    return data.split(b"\r\n", 1)[0].decode("latin-1") if data else "closed"


def main():
    port = int(sys.argv[1])
    answers = [exchange(port, payload) for payload in BAD]
    print(json.dumps({"answers": answers, "status": raw_http.get_status(port)}))

if __name__ == "__main__":
    main()
