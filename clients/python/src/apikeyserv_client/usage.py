"""Usage without logging keys: presentations counted per key id, kid and outcome, reported in
batches as apikeyserv's ``UsageReport`` (its protobuf JSON) to the bridge's ``POST /usage/``,
with the verifier's name and the key-set revision it holds. The raw key is never kept."""

from __future__ import annotations

import datetime
import json
import logging
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Post = Callable[[str, bytes], int]
Send = Callable[[dict[str, Any]], int]


def http_post(url: str, body: bytes, timeout: float = 10.0) -> int:
    """POSTs ``body`` as JSON; the status (error statuses returned, not raised)."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _time(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class UsageCounter:
    """Counts verifications per (key id, kid, outcome) for one window; ``take`` hands the window
    over as a report and starts the next. At most ``limit`` distinct keys a window (more are
    dropped and counted in ``overflow``)."""

    def __init__(
        self, verifier: str, *, limit: int = 10_000, clock: Callable[[], float] = time.time
    ) -> None:
        self.verifier = verifier
        self.limit = limit
        self.overflow = 0
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, str, str], list[float]] = {}

    def count(self, key_id: int, kid: str, outcome: str) -> None:
        now = self._clock()
        with self._lock:
            entry = self._entries.get((key_id, kid, outcome))
            if entry is None:
                if len(self._entries) >= self.limit:
                    self.overflow += 1
                    return
                self._entries[(key_id, kid, outcome)] = [1, now, now]
            else:
                entry[0] += 1
                entry[2] = now

    def take(self, revision: int) -> dict[str, Any]:
        """The window so far as a ``UsageReport`` (protobuf JSON), with a new batch id."""
        with self._lock:
            entries, self._entries = self._entries, {}
        return {
            "verifier": self.verifier,
            "batch_id": uuid.uuid4().hex,
            "revision": str(revision),
            "entries": [
                {
                    "key_id": str(key_id),
                    "kid": kid,
                    "outcome": f"USAGE_OUTCOME_{outcome}",
                    "count": str(int(count)),
                    "first_seen": _time(first),
                    "last_seen": _time(last),
                }
                for (key_id, kid, outcome), (count, first, last) in entries.items()
            ],
        }


def over_http(url: str, post: Post = http_post) -> Send:
    """Sends a report as JSON to the bridge's ``/usage/`` at ``url``; the HTTP status."""
    return lambda report: post(url, json.dumps(report).encode())


class UsageReporter:
    """Sends ``counter``'s window every ``interval`` seconds in a background thread through
    ``send`` (``over_http``, or ``socket.over_socket``), which answers as HTTP would (2xx taken,
    429 and 5xx: not now, other 4xx: refused). A batch not taken is kept and sent again with its
    batch id (counted once); at most ``keep`` batches wait, older ones are dropped."""

    def __init__(
        self,
        counter: UsageCounter,
        send: Send,
        revision: Callable[[], int],
        *,
        interval: float = 60.0,
        keep: int = 64,
        background: bool = True,
    ) -> None:
        self.counter = counter
        self.revision = revision
        self.interval = interval
        self.keep = keep
        self._send = send
        self.waiting: list[dict[str, Any]] = []
        self.dropped = 0
        if background:
            threading.Thread(target=self._loop, name="apikeyserv-usage", daemon=True).start()

    def flush(self) -> None:
        """Takes the window and sends every waiting batch, oldest first."""
        self.waiting.append(self.counter.take(self.revision()))
        while self.waiting:
            batch = self.waiting[0]
            try:
                status = self._send(batch)
            except OSError as error:
                logger.warning("usage report not sent: %s", error)
                break
            if status >= 500 or status == 429:
                logger.warning("usage report not taken: HTTP %s", status)
                break
            if status >= 400:
                logger.error("usage report refused: HTTP %s; dropped", status)
            self.waiting.pop(0)
        while len(self.waiting) > self.keep:
            self.waiting.pop(0)
            self.dropped += 1

    def _loop(self) -> None:
        while True:
            time.sleep(self.interval)
            self.flush()
