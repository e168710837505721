from __future__ import annotations

from conftest import Clock, FakeBridge

from apikeyserv_client import KeySetSource, UsageCounter, UsageReporter, Verifier


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
    reporter = UsageReporter(counter, f"{bridge.base}/usage/", lambda: 1, background=False)
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
        counter, "http://127.0.0.1:9/usage/", lambda: 0, keep=3, background=False
    )
    for _ in range(5):
        reporter.flush()
    assert len(reporter.waiting) == 3 and reporter.dropped == 2
