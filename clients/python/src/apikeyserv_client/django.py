"""A drop-in for ``apikeyclient.ApiKeyMiddleware`` (datadiensten-apikeyclient): the same
settings with the same meaning, the same status codes and messages, and what the original
lacks (kid, revocation, exp, staleness, usage by key id). See docs/python-client.md."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from . import connect
from .verifier import InvalidKey, StaleKeySet, Verifier

logger = logging.getLogger(__name__)


def verifier_from_settings() -> Verifier:
    """The verifier the settings describe (the original's, then apikeyserv's own)."""
    return connect(
        getattr(settings, "APIKEY_ENDPOINT", None),
        socket=getattr(settings, "APIKEY_SOCKET", None),
        revoked_endpoint=getattr(settings, "APIKEY_REVOKED_ENDPOINT", None),
        local_keys=getattr(settings, "APIKEY_LOCALKEYS", None),
        refresh_interval=float(getattr(settings, "APIKEY_REFRESH_INTERVAL", 60)),
        max_staleness=float(getattr(settings, "APIKEY_MAX_STALENESS", 600)),
        verify_exp=not bool(getattr(settings, "APIKEY_ACCEPT_EXPIRED_KEYS", False)),
        refetch_interval=float(getattr(settings, "APIKEY_REFETCH_INTERVAL", 30)),
        verifier_name=getattr(settings, "APIKEY_VERIFIER_NAME", None),
        usage_endpoint=getattr(settings, "APIKEY_USAGE_ENDPOINT", None),
        usage_interval=float(getattr(settings, "APIKEY_USAGE_INTERVAL", 60)),
    )


class ApiKeyMiddleware:
    """Checks the ``X-Api-Key`` header (or the ``x-api-key`` query parameter, removed from
    ``request.GET``) and sets ``request.api_key_subject``. Missing and mandatory: 401
    ``{"message": "API key missing"}``; invalid, revoked or expired: 400
    ``{"message": "invalid API key"}``; key set stale: 503."""

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponse], verifier: Verifier | None = None
    ) -> None:
        self._get_response = get_response
        self._verifier = verifier or verifier_from_settings()
        self._mandatory = bool(settings.APIKEY_MANDATORY)
        self._allow_empty = bool(getattr(settings, "APIKEY_ALLOW_EMPTY", False))
        self._whitelist = tuple(
            getattr(settings, "APIKEY_ALLOW_PATH_PREFIX_WHITELIST", ("/v1/wfs",))
        )
        # The original skips every request whose User-Agent starts with "Mozilla" (any browser,
        # and anyone who sends that header): only with this setting, off by default.
        self._skip_mozilla = bool(
            getattr(settings, "APIKEY_SKIP_CHECK_FOR_MOZILLA_USER_AGENT_UNSAFE", False)
        )
        name = getattr(settings, "APIKEY_LOGGER", None)
        self._key_logger = logging.getLogger(name) if name is not None else None

    def __call__(self, request: HttpRequest) -> Any:
        if request.path.startswith(self._whitelist):
            return self._get_response(request)
        if self._skip_mozilla and request.headers.get("User-Agent", "").startswith("Mozilla"):
            return self._get_response(request)
        token = request.headers.get("X-Api-Key")
        if token is None:
            token = request.GET.get("x-api-key")
            if token:
                request.GET = request.GET.copy()
                del request.GET["x-api-key"]
        if token is None and self._mandatory:
            return JsonResponse({"message": "API key missing"}, status=HTTPStatus.UNAUTHORIZED)
        if token is not None:
            if token.strip() == "" and self._allow_empty:
                return self._get_response(request)
            try:
                subject = self._verifier.verify(token)
            except StaleKeySet as error:
                logger.error("API key not checked: %s", error)
                return JsonResponse(
                    {"message": "API keys cannot be checked right now"},
                    status=HTTPStatus.SERVICE_UNAVAILABLE,
                    headers={"Retry-After": "30"},
                )
            except InvalidKey as error:
                self._log(error.subject, error.reason)
                return JsonResponse({"message": "invalid API key"}, status=HTTPStatus.BAD_REQUEST)
            self._log(subject, "valid")
            request.api_key_subject = subject
        return self._get_response(request)

    def _log(self, subject: str | None, outcome: str) -> None:
        # APIKEY_LOGGER: the original logged the raw key; this logs the key's id instead.
        if self._key_logger is not None:
            self._key_logger.info("API key id: %s (%s)", subject or "-", outcome)
