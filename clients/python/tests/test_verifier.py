from __future__ import annotations

import time

import pytest
from conftest import Clock, FakeBridge, SigningKey

from apikeyserv_client import InvalidKey, KeySetSource, StaleKeySet, Verifier, revoked_url_for


def verifier(bridge: FakeBridge, clock: Clock, **options: object) -> Verifier:
    source = KeySetSource(
        f"{bridge.base}/signingkeys/", f"{bridge.base}/revoked", clock=clock, background=False
    )
    return Verifier(source, clock=clock, **options)  # type: ignore[arg-type]


def test_valid_key_gives_its_subject(bridge: FakeBridge, clock: Clock) -> None:
    v = verifier(bridge, clock)
    assert v.verify(bridge.keys[0].token("123", exp=clock.now + 60)) == "123"


def test_key_chosen_by_kid_not_every_key_tried(bridge: FakeBridge, clock: Clock) -> None:
    bridge.keys.append(SigningKey("k2"))
    v = verifier(bridge, clock)
    assert v.verify(bridge.keys[1].token("7")) == "7"
    # Signed by k2 but naming k1: checked against k1 only, so refused.
    with pytest.raises(InvalidKey, match="bad signature"):
        v.verify(bridge.keys[1].token("7", kid="k1"))
    # Without a kid every published key is tried, as the original does.
    assert v.verify(bridge.keys[1].token("8", kid=None)) == "8"


def test_revoked_and_expired_keys_are_refused(bridge: FakeBridge, clock: Clock) -> None:
    bridge.revoked = ["99"]
    v = verifier(bridge, clock)
    with pytest.raises(InvalidKey, match="revoked") as refused:
        v.verify(bridge.keys[0].token("99"))
    assert refused.value.subject == "99"
    with pytest.raises(InvalidKey, match="expired"):
        v.verify(bridge.keys[0].token("5", exp=clock.now - 10))
    lenient = verifier(bridge, clock, verify_exp=False)
    assert lenient.verify(bridge.keys[0].token("5", exp=clock.now - 10)) == "5"


def test_garbage_and_foreign_tokens_are_invalid(bridge: FakeBridge, clock: Clock) -> None:
    v = verifier(bridge, clock)
    for token in ["", "abc", "a.b.c", SigningKey("k1").token("1"), "x" * 5000]:
        with pytest.raises(InvalidKey):
            v.verify(token)


def test_stale_set_fails_closed_until_fetched_again(bridge: FakeBridge, clock: Clock) -> None:
    v = verifier(bridge, clock, max_staleness=600)
    token = bridge.keys[0].token("1")
    clock.now += 601
    with pytest.raises(StaleKeySet):
        v.verify(token)
    v.source.refresh()
    assert v.verify(token) == "1"


def test_never_fetched_is_stale() -> None:
    source = KeySetSource("http://127.0.0.1:9/signingkeys/", None, background=False)
    with pytest.raises(StaleKeySet, match="never fetched"):
        Verifier(source).verify("x.y.z")


def test_etag_answers_not_modified_and_keeps_the_set(bridge: FakeBridge, clock: Clock) -> None:
    v = verifier(bridge, clock)
    assert v.source.refresh() == 30  # the server's max-age, below the interval
    assert bridge.not_modified == 2
    bridge.revoked = ["1"]
    bridge.change()
    v.source.refresh()
    with pytest.raises(InvalidKey, match="revoked"):
        v.verify(bridge.keys[0].token("1"))


def test_unknown_kid_refetches_once_per_interval(bridge: FakeBridge, clock: Clock) -> None:
    v = verifier(bridge, clock, refetch_interval=30)
    fetched = len(bridge.requests)
    new = SigningKey("k9")
    bridge.keys.append(new)
    bridge.change()
    assert v.verify(new.token("3")) == "3"  # refetched, found
    stranger = SigningKey("zz")
    for _ in range(50):
        with pytest.raises(InvalidKey, match="unknown kid"):
            v.verify(stranger.token("4"))
    # One refetch (two documents) for k9; none for the stranger within the interval.
    assert len(bridge.requests) - fetched == 2, bridge.requests
    clock.now += 31
    with pytest.raises(InvalidKey):
        v.verify(stranger.token("4"))
    assert len(bridge.requests) - fetched == 4


def test_server_without_revocation_list(bridge: FakeBridge, clock: Clock) -> None:
    source = KeySetSource(
        f"{bridge.base}/signingkeys/", f"{bridge.base}/nothing", clock=clock, background=False
    )
    assert Verifier(source, clock=clock).verify(bridge.keys[0].token("1")) == "1"


def test_revoked_url_beside_the_jwks() -> None:
    assert revoked_url_for("https://h/signingkeys/") == "https://h/revoked"
    assert revoked_url_for("https://h/api/.well-known/jwks.json") == "https://h/api/revoked"


def test_background_refresh_follows_changes(bridge: FakeBridge) -> None:
    source = KeySetSource(f"{bridge.base}/signingkeys/", f"{bridge.base}/revoked", interval=0.2)
    bridge.revoked = ["5"]
    bridge.change()
    deadline = time.time() + 5
    while "5" not in source.snapshot.revoked and time.time() < deadline:
        time.sleep(0.05)
    assert "5" in source.snapshot.revoked


def test_public_key_set_wire_format() -> None:
    from apikeyserv_client.socket import decode_public_key_set

    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2, len(payload)]) + payload

    jwks, revoked = b'{"keys":[]}', b'{"revision":300,"revoked":[]}'
    # revision 300 as a varint (field 2), a repeated message field (1) skipped, the two documents.
    message = field(1, b"\x0a\x02k1") + bytes([2 << 3, 0xAC, 0x02]) + field(3, jwks)
    message += field(6, revoked)
    assert decode_public_key_set(message) == (300, jwks.decode(), revoked.decode())
    with pytest.raises((ValueError, IndexError)):
        decode_public_key_set(field(3, jwks)[:-2])


def test_a_broken_document_keeps_the_set_and_the_refresh_going(
    bridge: FakeBridge, clock: Clock
) -> None:
    v = verifier(bridge, clock, max_staleness=60)
    token = bridge.keys[0].token("1")
    new = SigningKey("k2")
    bridge.keys.append(new)
    bridge.broken_revocation_list = True
    bridge.change()
    v.source.refresh()  # logged, not raised
    assert v.verify(token) == "1"
    clock.now += 61
    with pytest.raises(StaleKeySet):
        v.verify(token)
    # Fixed without a new revision: the JWKS read with the broken list is read again in full.
    bridge.broken_revocation_list = False
    v.source.refresh()
    assert v.verify(token) == "1"
    assert new.kid in v.source.snapshot.keys
