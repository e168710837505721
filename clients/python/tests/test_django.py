"""The Django middleware with the original's settings, against a real HTTP key-set server."""

from __future__ import annotations

import json
import logging
from typing import Any

import django
import pytest
from conftest import Clock, FakeBridge
from django.conf import settings

if not settings.configured:
    settings.configure(ALLOWED_HOSTS=["*"], APIKEY_MANDATORY=True, APIKEY_ALLOW_EMPTY=False)
    django.setup()

from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402

from apikeyserv_client import KeySetSource, Verifier  # noqa: E402
from apikeyserv_client.django import ApiKeyMiddleware  # noqa: E402

factory = RequestFactory()


def seen(request: Any) -> HttpResponse:
    subject = getattr(request, "api_key_subject", "")
    return HttpResponse(f"{subject}|{request.GET.urlencode()}")


def middleware(bridge: FakeBridge, clock: Clock, **options: Any) -> ApiKeyMiddleware:
    source = KeySetSource(
        f"{bridge.base}/signingkeys/", f"{bridge.base}/revoked", clock=clock, background=False
    )
    return ApiKeyMiddleware(seen, verifier=Verifier(source, clock=clock, **options))


def test_original_answers(bridge: FakeBridge, clock: Clock) -> None:
    m = middleware(bridge, clock)
    token = bridge.keys[0].token("42", exp=clock.now + 60)
    ok = m(factory.get("/data", HTTP_X_API_KEY=token))
    assert ok.status_code == 200 and ok.content == b"42|"
    query = m(factory.get("/data", {"x-api-key": token, "page": "2"}))
    assert query.status_code == 200 and query.content == b"42|page=2"
    missing = m(factory.get("/data"))
    assert missing.status_code == 401
    assert json.loads(missing.content) == {"message": "API key missing"}
    bad = m(factory.get("/data", HTTP_X_API_KEY="nonsense"))
    assert bad.status_code == 400 and json.loads(bad.content) == {"message": "invalid API key"}
    assert m(factory.get("/v1/wfs/x")).status_code == 200, "the original's default whitelist"


def test_browser_user_agents_are_checked_unless_the_unsafe_setting(
    bridge: FakeBridge, clock: Clock
) -> None:
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0"}
    assert middleware(bridge, clock)(factory.get("/data", **browser)).status_code == 401
    with override_settings(APIKEY_SKIP_CHECK_FOR_MOZILLA_USER_AGENT_UNSAFE=True):
        assert middleware(bridge, clock)(factory.get("/data", **browser)).status_code == 200


def test_settings_mandatory_empty_whitelist(bridge: FakeBridge, clock: Clock) -> None:
    with override_settings(
        APIKEY_MANDATORY=False,
        APIKEY_ALLOW_EMPTY=True,
        APIKEY_ALLOW_PATH_PREFIX_WHITELIST=["/open"],
    ):
        m = middleware(bridge, clock)
        assert m(factory.get("/data")).status_code == 200
        assert m(factory.get("/data", HTTP_X_API_KEY=" ")).status_code == 200
        assert m(factory.get("/data", HTTP_X_API_KEY="bad")).status_code == 400
        assert m(factory.get("/open/x", HTTP_X_API_KEY="bad")).status_code == 200
        assert m(factory.get("/v1/wfs", HTTP_X_API_KEY="bad")).status_code == 400


def test_revoked_expired_stale(bridge: FakeBridge, clock: Clock) -> None:
    bridge.revoked = ["7"]
    m = middleware(bridge, clock, max_staleness=60)
    assert m(factory.get("/d", HTTP_X_API_KEY=bridge.keys[0].token("7"))).status_code == 400
    expired = bridge.keys[0].token("8", exp=clock.now - 1)
    assert m(factory.get("/d", HTTP_X_API_KEY=expired)).status_code == 400
    clock.now += 61
    stale = m(factory.get("/d", HTTP_X_API_KEY=bridge.keys[0].token("9")))
    assert stale.status_code == 503 and stale["Retry-After"] == "30"


def test_logger_logs_the_key_id_never_the_key(
    bridge: FakeBridge, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    token = bridge.keys[0].token("42")
    with override_settings(APIKEY_LOGGER="keys"), caplog.at_level(logging.INFO, logger="keys"):
        middleware(bridge, clock)(factory.get("/d", HTTP_X_API_KEY=token))
    assert "API key id: 42 (valid)" in caplog.text and token not in caplog.text


def test_settings_alone_build_the_verifier(bridge: FakeBridge) -> None:
    token = bridge.keys[0].token("5")
    with override_settings(APIKEY_ENDPOINT=f"{bridge.base}/signingkeys/"):
        assert ApiKeyMiddleware(seen)(factory.get("/d", HTTP_X_API_KEY=token)).content == b"5|"
    with override_settings(APIKEY_LOCALKEYS=[bridge.keys[0].jwk]):
        assert ApiKeyMiddleware(seen)(factory.get("/d", HTTP_X_API_KEY=token)).content == b"5|"
