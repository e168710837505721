from __future__ import annotations

import json
from typing import Any
from wsgiref.util import setup_testing_defaults

from conftest import Clock, FakeBridge

from apikeyserv_client import KeySetSource, Verifier
from apikeyserv_client.wsgi import ApiKeyWSGIMiddleware


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ.get('apikeyserv.subject')}|{environ.get('QUERY_STRING', '')}".encode()]


def call(wrapped: Any, **environ: Any) -> tuple[str, bytes]:
    setup_testing_defaults(environ)
    status: list[str] = []
    body = b"".join(wrapped(environ, lambda s, h: status.append(s)))
    return status[0], body


def test_wsgi_helper(bridge: FakeBridge, clock: Clock) -> None:
    source = KeySetSource(f"{bridge.base}/signingkeys/", None, clock=clock, background=False)
    wrapped = ApiKeyWSGIMiddleware(app, Verifier(source, clock=clock), allow_prefixes=("/health",))
    token = bridge.keys[0].token("11")
    assert call(wrapped, HTTP_X_API_KEY=token) == ("200 OK", b"11|")
    assert call(wrapped, QUERY_STRING=f"x-api-key={token}&a=1") == ("200 OK", b"11|a=1")
    status, body = call(wrapped)
    assert status.startswith("401") and json.loads(body) == {"message": "API key missing"}
    assert call(wrapped, HTTP_X_API_KEY="x")[0].startswith("400")
    assert call(wrapped, PATH_INFO="/health")[0] == "200 OK"
