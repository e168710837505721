"""The key set a verifier holds: the public keys by kid and the revoked key ids, fetched over
HTTP from the bridge (``/signingkeys/`` and ``/revoked``) with ``ETag``/``If-None-Match`` and
``Cache-Control: max-age``, refreshed in a background thread, and how old it is."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

logger = logging.getLogger(__name__)

Fetch = Callable[[str, str | None], "Response"]


@dataclass(frozen=True)
class Response:
    """What an HTTP GET gave: the status, the body, the ETag and the max-age it named."""

    status: int
    body: bytes = b""
    etag: str | None = None
    max_age: float | None = None


def http_get(url: str, etag: str | None, timeout: float = 5.0) -> Response:
    """GET ``url`` (with ``If-None-Match: etag`` when given); 304 and error statuses are returned,
    not raised. Network failures raise ``OSError``."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(
                answer.status,
                answer.read(),
                answer.headers.get("ETag"),
                _max_age(answer.headers.get("Cache-Control")),
            )
    except urllib.error.HTTPError as error:
        return Response(
            error.code, b"", error.headers.get("ETag"), _max_age(error.headers.get("Cache-Control"))
        )


def _max_age(header: str | None) -> float | None:
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age":
            try:
                return float(value)
            except ValueError:
                return None
    return None


@dataclass(frozen=True)
class Snapshot:
    """One state of the key set: keys by kid, revoked key ids, its revision, when it was known
    to be current."""

    keys: dict[str, Any] = field(default_factory=dict)
    revoked: frozenset[str] = frozenset()
    revision: int = 0
    fresh_at: float = 0.0


def parse_jwks(document: Any) -> dict[str, Any]:
    """The Ed25519 keys of a JWKS (``{"keys": [...]}`` or a bare list), by kid ("" for a key
    without one)."""
    entries = document.get("keys", []) if isinstance(document, dict) else document
    keys: dict[str, Any] = {}
    for entry in entries or []:
        if not isinstance(entry, dict) or entry.get("kty") != "OKP":
            continue
        try:
            keys[str(entry.get("kid", ""))] = jwt.PyJWK(entry, algorithm="EdDSA").key
        except jwt.PyJWTError as error:
            logger.warning("skipping a key of the key set: %s", error)
    return keys


def parse_revoked(document: Any) -> tuple[frozenset[str], int]:
    """The revoked subjects and the revision of a ``/revoked`` document; ``ValueError`` for
    anything else."""
    if not isinstance(document, dict) or not isinstance(document.get("revoked"), list):
        raise ValueError("not a revocation list")
    entries = document["revoked"]
    if not all(isinstance(entry, dict) and "sub" in entry for entry in entries):
        raise ValueError("a revocation list entry without sub")
    return frozenset(str(entry["sub"]) for entry in entries), int(document.get("revision") or 0)


class KeySetSource:
    """Keeps a ``Snapshot`` current from ``jwks_url`` and ``revoked_url`` (None: the server
    publishes no revocation list, as the original Django apikeyserv): every ``interval``
    seconds, or the server's ``max-age`` when shorter, and at once when ``refresh`` is called.
    A failed fetch keeps the last snapshot, which grows stale."""

    def __init__(
        self,
        jwks_url: str,
        revoked_url: str | None,
        *,
        interval: float = 60.0,
        fetch: Fetch = http_get,
        clock: Callable[[], float] = time.time,
        background: bool = True,
    ) -> None:
        self.jwks_url = jwks_url
        self.revoked_url = revoked_url
        self.interval = interval
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._snapshot = Snapshot()
        self._etags: dict[str, str | None] = {}
        self._revoked_missing = False
        self._wake = threading.Event()
        self.fetches = 0
        self.refresh()
        if background:
            threading.Thread(target=self._loop, name="apikeyserv-keyset", daemon=True).start()

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    def refresh(self) -> float:
        """Fetches both documents now; the seconds until the next regular fetch."""
        self.fetches += 1
        # The entity tags are kept only once both documents were read: a JWKS taken while its
        # revocation list failed is asked for again in full.
        etags: dict[str, str | None] = {}
        try:
            keys, jwks_age = self._get(self.jwks_url, parse_jwks, etags)
            revoked: tuple[frozenset[str], int] | None = None
            revoked_age: float | None = None
            if self.revoked_url and not self._revoked_missing:
                revoked, revoked_age = self._get(self.revoked_url, parse_revoked, etags, True)
        except Exception as error:  # the set stays as it was, and ages: checks fail when stale
            logger.error("could not fetch the key set from %s: %s", self.jwks_url, error)
            return min(5.0, self.interval)
        self._etags.update(etags)
        with self._lock:
            current = self._snapshot
            self._snapshot = Snapshot(
                keys=keys if keys is not None else current.keys,
                revoked=revoked[0] if revoked is not None else current.revoked,
                revision=revoked[1] if revoked is not None else current.revision,
                fresh_at=self._clock(),
            )
        ages = [age for age in (jwks_age, revoked_age) if age is not None]
        return max(1.0, min([self.interval, *ages]))

    def _get(
        self,
        url: str,
        parse: Callable[[Any], Any],
        etags: dict[str, str | None],
        optional: bool = False,
    ) -> Any:
        """The parsed document at ``url`` (None when unchanged: 304) and its max-age; its new
        entity tag into ``etags``."""
        answer = self._fetch(url, self._etags.get(url))
        if answer.status == 304:
            return None, answer.max_age
        if answer.status == 404 and optional:
            logger.warning("%s: no revocation list (404); revoked keys cannot be refused", url)
            self._revoked_missing = True
            return None, None
        if answer.status != 200:
            raise OSError(f"{url} answered {answer.status}")
        parsed = parse(json.loads(answer.body))
        etags[url] = answer.etag
        return parsed, answer.max_age

    def _loop(self) -> None:
        wait = self.interval
        while True:
            self._wake.wait(wait)
            self._wake.clear()
            wait = self.refresh()


class LocalKeySet:
    """Keys given in the settings (``APIKEY_LOCALKEYS``): never fetched, never stale, no
    revocation list."""

    revoked_url: str | None = None

    def __init__(self, jwks: Any) -> None:
        if isinstance(jwks, str):
            jwks = json.loads(jwks)
        self._snapshot = Snapshot(keys=parse_jwks(jwks), fresh_at=float("inf"))
        self.fetches = 0

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def refresh(self) -> float:
        return float("inf")
