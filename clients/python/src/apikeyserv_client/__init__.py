"""Verify apikeyserv API keys offline: ``connect`` a ``Verifier`` to the bridge, or use the
Django middleware (``apikeyserv_client.django``) or the WSGI one (``apikeyserv_client.wsgi``)."""

from __future__ import annotations

from typing import Any

from .keyset import KeySetSource, LocalKeySet, Snapshot
from .usage import UsageCounter, UsageReporter, over_http
from .verifier import InvalidKey, KeySetHolder, StaleKeySet, Verifier

__all__ = [
    "InvalidKey",
    "KeySetSource",
    "LocalKeySet",
    "Snapshot",
    "StaleKeySet",
    "UsageCounter",
    "UsageReporter",
    "Verifier",
    "connect",
    "revoked_url_for",
]


def revoked_url_for(jwks_url: str) -> str:
    """The bridge's revocation list beside its JWKS: ``…/signingkeys/`` → ``…/revoked``."""
    base = jwks_url.rstrip("/")
    for suffix in ("/signingkeys", "/.well-known/jwks.json"):
        if base.endswith(suffix):
            return base[: -len(suffix)] + "/revoked"
    return base.rsplit("/", 1)[0] + "/revoked"


def usage_url_for(jwks_url: str) -> str:
    """The bridge's usage endpoint beside its JWKS: ``…/usage/``."""
    return revoked_url_for(jwks_url)[: -len("/revoked")] + "/usage/"


def connect(
    endpoint: str | None = None,
    *,
    socket: str | None = None,
    revoked_endpoint: str | None = None,
    local_keys: Any = None,
    refresh_interval: float = 60.0,
    max_staleness: float = 600.0,
    verify_exp: bool = True,
    refetch_interval: float = 30.0,
    verifier_name: str | None = None,
    usage_endpoint: str | None = None,
    usage_interval: float = 60.0,
) -> Verifier:
    """A verifier of the bridge's key set at ``endpoint`` (its ``/signingkeys/``), with the
    revocation list at ``revoked_endpoint`` (default: ``/revoked`` beside it; ``""``: none), or of
    ``local_keys`` (a JWKS). With ``verifier_name`` it reports usage every ``usage_interval`` to
    ``usage_endpoint`` (default: ``/usage/`` beside the JWKS; the bridge needs
    ``--accept-usage-reports``). With ``socket`` (the daemon's public socket, on this host) the
    daemon pushes the set (``WatchPublicKeys``; needs grpcio), nothing is polled, and usage goes
    to its ``ReportUsage`` unless ``usage_endpoint`` is given."""
    if local_keys is not None:
        return Verifier(LocalKeySet(local_keys), max_staleness=float("inf"), verify_exp=verify_exp)
    source: KeySetHolder
    if socket:
        from .socket import SocketKeySetSource

        source = SocketKeySetSource(socket)
    elif endpoint:
        revoked = revoked_url_for(endpoint) if revoked_endpoint is None else revoked_endpoint
        source = KeySetSource(endpoint, revoked or None, interval=refresh_interval)
    else:
        raise ValueError("an endpoint (the bridge's /signingkeys/), a socket or local keys")
    usage = None
    if verifier_name:
        usage = UsageCounter(verifier_name)
        if socket and not usage_endpoint:
            from .socket import over_socket

            send = over_socket(socket)
        else:
            send = over_http(usage_endpoint or usage_url_for(endpoint or ""))
        UsageReporter(usage, send, lambda: source.snapshot.revision, interval=usage_interval)
    return Verifier(
        source,
        max_staleness=max_staleness,
        verify_exp=verify_exp,
        refetch_interval=refetch_interval,
        usage=usage,
    )
