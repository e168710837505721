"""Offline verification of apikeyserv API keys: the key chosen by ``kid``, the revocation list,
``exp``, and a maximum staleness after which verification fails closed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import jwt

from .usage import UsageCounter


class KeySetHolder(Protocol):
    """What a verifier reads keys from (``KeySetSource``, ``LocalKeySet``)."""

    revoked_url: str | None
    fetches: int

    @property
    def snapshot(self) -> Any: ...

    def refresh(self) -> float: ...


class InvalidKey(Exception):
    """The token is not a valid API key; ``reason`` says why in a few words, ``subject`` is the
    key id when the signature checked."""

    def __init__(self, reason: str, subject: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.subject = subject


class StaleKeySet(Exception):
    """The key set is older than the allowed staleness (or was never fetched): nothing can be
    verified until it is fetched again."""


class Verifier:
    """Verifies tokens against ``source``. ``max_staleness`` seconds after the last successful
    fetch every verification raises ``StaleKeySet``. ``verify_exp=False`` accepts expired keys, as
    the original middleware does (unsafe). An unknown ``kid`` refetches the set, at most once per
    ``refetch_interval`` seconds. ``usage`` counts each verification by key id."""

    def __init__(
        self,
        source: KeySetHolder,
        *,
        max_staleness: float = 600.0,
        verify_exp: bool = True,
        leeway: float = 0.0,
        refetch_interval: float = 30.0,
        usage: UsageCounter | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.source = source
        self.max_staleness = max_staleness
        self.verify_exp = verify_exp
        self.leeway = leeway
        self.refetch_interval = refetch_interval
        self.usage = usage
        self._clock = clock
        self._refetch_lock = threading.Lock()
        self._last_refetch = -float("inf")

    def verify(self, token: str) -> str:
        """The key id (``sub``) of a valid ``token``; raises ``InvalidKey`` or ``StaleKeySet``."""
        snapshot = self.source.snapshot
        now = self._clock()
        if now - snapshot.fresh_at > self.max_staleness:
            raise StaleKeySet(
                "the key set was not refreshed for "
                f"{now - snapshot.fresh_at:.0f} s (limit {self.max_staleness:.0f} s)"
                if snapshot.fresh_at
                else "the key set was never fetched"
            )
        if len(token) > 4096:
            raise InvalidKey("longer than 4096 characters")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidKey(f"not a JWT: {error}") from None
        kid = header.get("kid")
        if header.get("alg") != "EdDSA":
            raise InvalidKey("not signed with EdDSA")
        if kid is not None:
            key = snapshot.keys.get(str(kid))
            if key is None and self._refetch():
                snapshot = self.source.snapshot
                key = snapshot.keys.get(str(kid))
            if key is None:
                self._count(None, str(kid), "UNKNOWN_KID")
                raise InvalidKey("unknown kid")
            candidates = [key]
        else:
            candidates = list(snapshot.keys.values())
        claims = self._decode(token, candidates)
        subject = str(claims.get("sub", ""))
        kid_text = str(kid or "")
        if subject in snapshot.revoked:
            self._count(subject, kid_text, "REVOKED")
            raise InvalidKey("revoked", subject)
        expires = claims.get("exp")
        if self.verify_exp and isinstance(expires, (int, float)) and expires + self.leeway < now:
            self._count(subject, kid_text, "EXPIRED")
            raise InvalidKey("expired", subject)
        self._count(subject, kid_text, "ACCEPTED")
        return subject

    def _decode(self, token: str, keys: list[Any]) -> dict[str, Any]:
        for key in keys:
            try:
                claims: dict[str, Any] = jwt.decode(
                    token,
                    key,
                    algorithms=["EdDSA"],
                    options={
                        "verify_exp": False,
                        "verify_sub": False,
                        "verify_iat": False,
                        "require": ["sub"],
                    },
                )
                return claims
            except jwt.InvalidSignatureError:
                continue
            except jwt.PyJWTError as error:
                raise InvalidKey(f"invalid: {error}") from None
        self._count(None, "", "BAD_SIGNATURE")
        raise InvalidKey("bad signature")

    def _refetch(self) -> bool:
        """Refetches the set for an unknown kid unless one did within ``refetch_interval``."""
        with self._refetch_lock:
            now = self._clock()
            if now - self._last_refetch < self.refetch_interval:
                return False
            self._last_refetch = now
        self.source.refresh()
        return True

    def _count(self, subject: str | None, kid: str, outcome: str) -> None:
        if self.usage is not None and subject and subject.isdigit():
            self.usage.count(int(subject), kid, outcome)
