"""A real HTTP server standing in for the bridge (``/signingkeys/``, ``/revoked``, ``/usage/``,
with ETags), real Ed25519 keys, and tokens signed with them."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class SigningKey:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = Ed25519PrivateKey.generate()

    @property
    def jwk(self) -> dict[str, str]:
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": x,
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        }

    def token(self, sub: str, exp: float | None = None, kid: str | None = "same") -> str:
        claims: dict[str, Any] = {"sub": sub, "iat": int(time.time())}
        if exp is not None:
            claims["exp"] = int(exp)
        if kid is None:
            return _without_kid(claims, self.private)
        headers = {"kid": self.kid if kid == "same" else kid}
        return jwt.encode(claims, self.private, algorithm="EdDSA", headers=headers)


def _without_kid(claims: dict[str, Any], key: Ed25519PrivateKey) -> str:
    token = jwt.encode(claims, key, algorithm="EdDSA")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert "kid" not in header
    return token


class FakeBridge:
    """Serves a key set that tests change; counts requests and 304 answers."""

    def __init__(self) -> None:
        self.keys: list[SigningKey] = [SigningKey("k1")]
        self.revoked: list[str] = []
        self.revision = 1
        self.requests: list[str] = []
        self.not_modified = 0
        self.usage: list[dict[str, Any]] = []
        self.usage_status = 200
        self.broken_revocation_list = False
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                bridge.requests.append(self.path)
                etag = f'"{bridge.revision}"'
                if self.path in ("/signingkeys/", "/revoked"):
                    if self.headers.get("If-None-Match") == etag:
                        bridge.not_modified += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Cache-Control", "public, max-age=30")
                        self.end_headers()
                        return
                    if self.path == "/signingkeys/":
                        body = {"keys": [key.jwk for key in bridge.keys]}
                    else:
                        body = {
                            "revision": bridge.revision,
                            "revoked": [{"sub": s, "exp": None} for s in bridge.revoked],
                        }
                    data = json.dumps(body).encode()
                    if self.path == "/revoked" and bridge.broken_revocation_list:
                        data = b'{"revoked": [{"no": "sub"}]}'
                    self.send_response(200)
                    self.send_header("ETag", etag)
                    self.send_header("Cache-Control", "public, max-age=30")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                self.send_response(404)
                self.end_headers()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                bridge.usage.append(json.loads(self.rfile.read(length)))
                self.send_response(bridge.usage_status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def change(self) -> None:
        self.revision += 1

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bridge() -> Iterator[FakeBridge]:
    server = FakeBridge()
    yield server
    server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
