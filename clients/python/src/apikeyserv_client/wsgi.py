"""A WSGI middleware for any WSGI application (Flask, Falcon, plain WSGI): the key's id goes
into ``environ["apikeyserv.subject"]``; refusals are JSON answers as the Django middleware's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .verifier import InvalidKey, StaleKeySet, Verifier

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class ApiKeyWSGIMiddleware:
    """Wraps ``app``: every request needs a valid key (``mandatory``) in ``X-Api-Key`` or the
    ``x-api-key`` query parameter (removed from ``QUERY_STRING``), except paths starting with
    one of ``allow_prefixes``."""

    def __init__(
        self,
        app: WSGIApp,
        verifier: Verifier,
        *,
        mandatory: bool = True,
        allow_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.verifier = verifier
        self.mandatory = mandatory
        self.allow_prefixes = allow_prefixes

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith(self.allow_prefixes or ("\0",)):
            return self.app(environ, start_response)
        token = environ.get("HTTP_X_API_KEY")
        if token is None:
            pairs = parse_qsl(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
            found = [value for name, value in pairs if name == "x-api-key"]
            if found:
                token = found[0]
                environ["QUERY_STRING"] = urlencode([p for p in pairs if p[0] != "x-api-key"])
        if token is None:
            if self.mandatory:
                return _answer(start_response, "401 Unauthorized", "API key missing")
            return self.app(environ, start_response)
        try:
            environ["apikeyserv.subject"] = self.verifier.verify(token)
        except StaleKeySet:
            return _answer(
                start_response, "503 Service Unavailable", "API keys cannot be checked right now"
            )
        except InvalidKey:
            return _answer(start_response, "400 Bad Request", "invalid API key")
        return self.app(environ, start_response)


def _answer(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    body = json.dumps({"message": message}).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
