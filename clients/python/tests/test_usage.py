from __future__ import annotations

from conftest import Clock, FakeBridge

from apikeyserv_client import KeySetSource, UsageCounter, UsageReporter, Verifier
from apikeyserv_client.usage import over_http


def test_counts_by_key_and_outcome_never_the_key(bridge: FakeBridge, clock: Clock) -> None:
    counter = UsageCounter("billing", clock=clock)
    source = KeySetSource(
        f"{bridge.base}/signingkeys/", f"{bridge.base}/revoked", clock=clock, background=False
    )
    bridge.revoked = ["9"]
    bridge.change()
    source.refresh()
    v = Verifier(source, clock=clock, usage=counter)
    token = bridge.keys[0].token("12")
    for _ in range(3):
        v.verify(token)
    try:
        v.verify(bridge.keys[0].token("9"))
    except Exception:
        pass
    report = counter.take(revision=source.snapshot.revision)
    assert report["verifier"] == "billing" and report["revision"] == "2"
    entries = {(e["key_id"], e["outcome"]): e["count"] for e in report["entries"]}
    assert entries == {("12", "USAGE_OUTCOME_ACCEPTED"): "3", ("9", "USAGE_OUTCOME_REVOKED"): "1"}
    assert token not in str(report)
    assert counter.take(revision=2)["entries"] == []


def test_reporter_resends_a_batch_with_its_id_until_taken(bridge: FakeBridge) -> None:
    counter = UsageCounter("svc")
    reporter = UsageReporter(
        counter, over_http(f"{bridge.base}/usage/"), lambda: 1, background=False
    )
    counter.count(1, "k1", "ACCEPTED")
    bridge.usage_status = 503
    reporter.flush()
    assert len(reporter.waiting) == 1
    first = bridge.usage[-1]["batch_id"]
    bridge.usage_status = 200
    counter.count(2, "k1", "ACCEPTED")
    reporter.flush()
    assert reporter.waiting == []
    assert [r["batch_id"] for r in bridge.usage][:2] == [first, first]
    assert len(bridge.usage) == 3


def test_reporter_keeps_a_bounded_backlog() -> None:
    counter = UsageCounter("svc")
    reporter = UsageReporter(
        counter, over_http("http://127.0.0.1:9/usage/"), lambda: 0, keep=3, background=False
    )
    for _ in range(5):
        reporter.flush()
    assert len(reporter.waiting) == 3 and reporter.dropped == 2


def test_report_wire_format() -> None:
    from apikeyserv_client.socket import decode_public_key_set, encode_usage_report

    counter = UsageCounter("svc", clock=lambda: 1_800_000_000.5)
    counter.count(300, "k1", "ACCEPTED")
    data = encode_usage_report(counter.take(revision=7))
    # verifier "svc" (field 1), then the batch id (2, 32 hex), revision 7 (3), one entry (4).
    assert data.startswith(b"\x0a\x03svc\x12\x20")
    assert b"\x18\x07\x22" in data
    entry = data[data.index(b"\x18\x07\x22") + 4 :]
    assert entry.startswith(b"\x08\xac\x02\x12\x02k1\x18\x01\x20\x01\x2a")
    assert decode_public_key_set(b"") == (0, "", "")
