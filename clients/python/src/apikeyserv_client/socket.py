"""The key set pushed by the daemon over its public Unix socket (``WatchPublicKeys``), for services
on the daemon's host: changes arrive at once, nothing is polled. Needs ``grpcio`` (the ``grpc``
extra). The messages are read with a few lines of protobuf wire format (the fields the set needs:
its revision, its JWKS and its revocation list as JSON), so no generated code is needed."""

from __future__ import annotations

import datetime
import json
import logging
import os
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from .keyset import Snapshot, parse_jwks, parse_revoked

logger = logging.getLogger(__name__)

WATCH = "/apikeyserv.v1.PublicKeys/WatchPublicKeys"
REPORT = "/apikeyserv.v1.PublicKeys/ReportUsage"
OUTCOMES = {
    "USAGE_OUTCOME_ACCEPTED": 1,
    "USAGE_OUTCOME_EXPIRED": 2,
    "USAGE_OUTCOME_REVOKED": 3,
    "USAGE_OUTCOME_UNKNOWN_KID": 4,
    "USAGE_OUTCOME_BAD_SIGNATURE": 5,
    "USAGE_OUTCOME_NOT_YET_VALID": 6,
}


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes | int) -> bytes:
    if isinstance(payload, int):
        return _encode_varint(number << 3) + _encode_varint(payload)
    return _encode_varint(number << 3 | 2) + _encode_varint(len(payload)) + payload


def _timestamp(text: str) -> bytes:
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc
    )
    seconds = int(moment.timestamp())
    return _field(1, seconds) + _field(2, moment.microsecond * 1000)


def encode_usage_report(report: dict[str, Any]) -> bytes:
    """A ``UsageReport`` (as ``UsageCounter.take`` makes it) in protobuf wire format."""
    data = _field(1, report["verifier"].encode()) + _field(2, report["batch_id"].encode())
    data += _field(3, int(report["revision"]))
    for entry in report["entries"]:
        encoded = _field(1, int(entry["key_id"])) + _field(2, entry["kid"].encode())
        encoded += _field(3, OUTCOMES[entry["outcome"]]) + _field(4, int(entry["count"]))
        encoded += _field(5, _timestamp(entry["first_seen"]))
        encoded += _field(6, _timestamp(entry["last_seen"]))
        data += _field(4, encoded)
    return data


def peer_problem(socket_path: str) -> str | None:
    """Why the process serving ``socket_path`` is not to be trusted (it runs as neither root nor
    the owner of the socket's directory, as apikeyctl requires); None when it is. Checked with
    SO_PEERCRED on a connection of its own before each stream."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(5)
        probe.connect(socket_path)
        credentials = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    finally:
        probe.close()
    pid, uid, _ = struct.unpack("3i", credentials)
    owner = os.stat(os.path.dirname(os.path.abspath(socket_path))).st_uid
    if uid in (0, owner):
        return None
    return f"the process behind {socket_path} (pid {pid}) runs as uid {uid}, not root or {owner}"


def over_socket(socket_path: str) -> Callable[[dict[str, Any]], int]:
    """Sends usage reports to the daemon's ``ReportUsage`` on ``socket_path``; answers as HTTP
    statuses (200 taken, 429 limited, 503 away, 400 refused). Needs grpcio."""
    import grpc

    channel = grpc.insecure_channel(f"unix:{socket_path}")
    call = channel.unary_unary(
        REPORT, request_serializer=encode_usage_report, response_deserializer=lambda b: b
    )

    def send(report: dict[str, Any]) -> int:
        try:
            call(report, timeout=10)
            return 200
        except grpc.RpcError as error:
            code = error.code()
            if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
                return 429
            if code in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.PERMISSION_DENIED):
                logger.error("usage report refused: %s", error.details())
                return 400
            return 503

    return send


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def decode_public_key_set(data: bytes) -> tuple[int, str, str]:
    """The revision (field 2), ``jwks_json`` (3) and ``revoked_json`` (6) of a ``PublicKeySet``."""
    revision, jwks, revoked = 0, "", ""
    at = 0
    while at < len(data):
        tag, at = _varint(data, at)
        number, kind = tag >> 3, tag & 7
        if kind == 0:
            value, at = _varint(data, at)
            if number == 2:
                revision = value
        elif kind == 2:
            length, at = _varint(data, at)
            chunk = data[at : at + length]
            if len(chunk) != length:
                raise ValueError("truncated field")
            at += length
            if number == 3:
                jwks = chunk.decode()
            elif number == 6:
                revoked = chunk.decode()
        elif kind == 1:
            at += 8
        elif kind == 5:
            at += 4
        else:
            raise ValueError(f"unknown wire type {kind}")
    return revision, jwks, revoked


class SocketKeySetSource:
    """Keeps a ``Snapshot`` from the daemon's pushes on ``socket_path``. While the stream is open
    the set is current (fresh now); when it breaks the set ages from that moment and the source
    reconnects with backoff (0.1 s doubling to 5 s)."""

    revoked_url: str | None = None

    def __init__(self, socket_path: str, *, clock: Callable[[], float] = time.time) -> None:
        import grpc  # the optional dependency

        self._grpc: Any = grpc
        self.socket_path = socket_path
        self._clock = clock
        self._lock = threading.Lock()
        self._snapshot = Snapshot()
        self._connected = False
        self._first = threading.Event()
        self.fetches = 0
        threading.Thread(target=self._loop, name="apikeyserv-watch", daemon=True).start()
        self._first.wait(5)

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            if self._connected:
                current = self._snapshot
                return Snapshot(current.keys, current.revoked, current.revision, self._clock())
            return self._snapshot

    def refresh(self) -> float:
        """Nothing to fetch: the daemon pushes every change."""
        return 0.0

    def _loop(self) -> None:
        wait = 0.1
        while True:
            try:
                problem = peer_problem(self.socket_path)
                if problem:
                    raise PermissionError(f"refusing the key set: {problem}")
                channel = self._grpc.insecure_channel(f"unix:{self.socket_path}")
                stream = channel.unary_stream(
                    WATCH,
                    request_serializer=lambda _: b"",
                    response_deserializer=decode_public_key_set,
                )
                for revision, jwks, revoked in stream(b""):
                    subjects, _ = parse_revoked(json.loads(revoked))
                    snapshot = Snapshot(
                        parse_jwks(json.loads(jwks)), subjects, revision, self._clock()
                    )
                    with self._lock:
                        self._snapshot = snapshot
                        self._connected = True
                    self.fetches += 1
                    self._first.set()
                    wait = 0.1
            except Exception as error:  # a broken stream, or a daemon that is away
                logger.warning("key set stream from %s ended: %s", self.socket_path, error)
            with self._lock:
                if self._connected:
                    self._snapshot = Snapshot(
                        self._snapshot.keys,
                        self._snapshot.revoked,
                        self._snapshot.revision,
                        self._clock(),
                    )
                self._connected = False
            self._first.set()
            time.sleep(wait)
            wait = min(wait * 2, 5.0)
