"""Webhooks: the hub POSTs the unit feed to subscribers (WMS, ERP), signed, at least once.

A subscriber is a row of ``hub_webhooks`` (registered by an admin through the API) with its
own position in the unit feed. A background thread of every hub process looks for
subscribers that are due, claims one with a lease (a conditional UPDATE, so with several hub
processes on one database only one delivers for a subscriber at a time), and sends the
units after its position in batches:

- a batch becomes a ``hub_webhook_deliveries`` row *before* it is sent, with a delivery id
  and the exact body, so a retry (by this process or another after a crash) repeats it
  byte for byte; the receiver drops ids it has processed;
- a 2xx answer moves the subscriber's position past the batch, in the same transaction
  that marks the delivery done; anything else (refused connection, timeout, 3xx/4xx/5xx)
  is retried with exponential backoff and jitter, without end, and shows in
  ``GET /v1/admin/webhooks``;
- the body is signed: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>``
  (:func:`verify_signature` is what a receiver does).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import random
import secrets
import socket
import threading
import uuid
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

import requests
from sqlalchemy import ColumnElement, CursorResult, and_, delete, func, or_, select, update

from sync.hub.db import HubDatabase
from sync.hub.models import UnitRow, WebhookDeliveryRow, WebhookRow
from sync.hub.service import Invalid, NotFound, _aware, unit_out, utcnow
from sync.protocol import (
    WEBHOOK_ATTEMPT_HEADER,
    WEBHOOK_DELIVERY_HEADER,
    WEBHOOK_EVENT,
    WEBHOOK_SIGNATURE_HEADER,
    WebhookCreate,
    WebhookCreated,
    WebhookDelivery,
    WebhookOut,
)

log = logging.getLogger(__name__)

BATCH_UNITS = 100
LEASE_S = 60.0
TIMEOUT_S = 10.0
RETRY_BASE_S = 2.0
RETRY_CAP_S = 600.0


# -- signatures ---------------------------------------------------------------------------------


def sign(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value of a body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str) -> bool:
    """What a receiver checks before trusting a delivery (constant-time comparison)."""
    return hmac.compare_digest(sign(secret, body), header.strip())


# -- administration -------------------------------------------------------------------------------


def _out(row: WebhookRow, secret: str | None = None) -> WebhookOut:
    values: dict[str, Any] = {
        "id": row.id,
        "url": row.url,
        "station": row.station,
        "description": row.description,
        "active": row.active,
        "feed_seq": row.feed_seq,
        "failures": row.failures,
        "last_error": row.last_error,
        "last_delivered_at": _aware(row.last_delivered_at) if row.last_delivered_at else None,
        "next_attempt_at": _aware(row.next_attempt_at),
        "created_at": _aware(row.created_at),
    }
    if secret is not None:
        return WebhookCreated(**values, secret=secret)
    return WebhookOut(**values)


def create_webhook(db: HubDatabase, request: WebhookCreate) -> WebhookCreated:
    """Register a subscriber; its secret is returned once (and kept to sign deliveries)."""
    try:
        parts = urlsplit(request.url)
        host, _port = parts.hostname, parts.port  # .port raises on a malformed port
    except ValueError as exc:
        raise Invalid(f"webhook URL {request.url!r} cannot be parsed: {exc}") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise Invalid(f"webhook URL {request.url!r} is not an http(s) URL with a host")
    secret = "whs_" + secrets.token_urlsafe(32)
    with db.write() as session:
        start = request.since
        if start is None:
            start = int(session.scalar(select(func.max(UnitRow.feed_seq))) or 0)
        row = WebhookRow(
            url=request.url,
            secret=secret,
            station=request.station,
            description=request.description,
            active=True,
            feed_seq=start,
            next_attempt_at=utcnow(),
            failures=0,
            last_error="",
            lease_owner="",
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return cast(WebhookCreated, _out(row, secret))


def list_webhooks(db: HubDatabase) -> list[WebhookOut]:
    with db.read() as session:
        return [_out(r) for r in session.scalars(select(WebhookRow).order_by(WebhookRow.id))]


def deactivate_webhook(db: HubDatabase, webhook_id: int) -> None:
    """Stop deliveries to a subscriber (its rows stay for the record)."""
    with db.write() as session:
        row = session.get(WebhookRow, webhook_id)
        if row is None:
            raise NotFound(f"no webhook {webhook_id}")
        row.active = False


# -- delivery -------------------------------------------------------------------------------------


class WebhookDispatcher:
    """The delivering thread of one hub process. ``start()`` once, ``stop()`` at shutdown."""

    def __init__(
        self,
        db: HubDatabase,
        *,
        poll_s: float = 1.0,
        batch_units: int = BATCH_UNITS,
        timeout_s: float = TIMEOUT_S,
        lease_s: float = LEASE_S,
        retry_base_s: float = RETRY_BASE_S,
        retry_cap_s: float = RETRY_CAP_S,
        rng: random.Random | None = None,
    ) -> None:
        self._db = db
        self._poll_s = poll_s
        self._batch = batch_units
        self._timeout_s = timeout_s
        # The lease outlives a slow receiver's timeout several times over; a process that
        # dies holding one only delays that subscriber by the lease.
        self._lease = timedelta(seconds=max(lease_s, 3 * timeout_s))
        self._retry_base_s, self._retry_cap_s = retry_base_s, retry_cap_s
        self._rng = rng or random.Random()
        self.owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._http = requests.Session()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="hub-webhooks", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._http.close()

    def wake(self) -> None:
        """New units were recorded: look now rather than at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a database hiccup must not end deliveries for good
                log.exception("webhook deliveries failed; retrying")
            self._wake.wait(self._poll_s)
            self._wake.clear()

    def run_once(self) -> int:
        """Serve every subscriber that is due and not leased elsewhere; returns deliveries made."""
        now = utcnow()
        with self._db.read() as session:
            due = list(
                session.scalars(
                    select(WebhookRow.id)
                    .where(
                        WebhookRow.active.is_(True),
                        WebhookRow.next_attempt_at <= now,
                        or_(WebhookRow.lease_until.is_(None), WebhookRow.lease_until < now),
                    )
                    .order_by(WebhookRow.id)
                )
            )
        delivered = 0
        for webhook_id in due:
            if self._stop.is_set():
                break
            if self._claim(webhook_id):
                try:
                    delivered += self._serve(webhook_id)
                finally:
                    self._release(webhook_id)
        return delivered

    # -- one subscriber ---------------------------------------------------------------------

    def _claim(self, webhook_id: int) -> bool:
        now = utcnow()
        with self._db.write() as session:
            claimed = _rows(
                session.execute(
                    update(WebhookRow)
                    .where(
                        WebhookRow.id == webhook_id,
                        WebhookRow.active.is_(True),
                        or_(WebhookRow.lease_until.is_(None), WebhookRow.lease_until < now),
                    )
                    .values(lease_owner=self.owner, lease_until=now + self._lease)
                    .execution_options(synchronize_session=False)
                )
            )
            return claimed == 1

    def _release(self, webhook_id: int) -> None:
        with self._db.write() as session:
            session.execute(
                update(WebhookRow)
                .where(WebhookRow.id == webhook_id, WebhookRow.lease_owner == self.owner)
                .values(lease_owner="", lease_until=None)
                .execution_options(synchronize_session=False)
            )

    def _mine(self, webhook_id: int) -> ColumnElement[bool]:
        return and_(WebhookRow.id == webhook_id, WebhookRow.lease_owner == self.owner)

    def _serve(self, webhook_id: int) -> int:
        delivered = 0
        while not self._stop.is_set():
            pending = self._next_delivery(webhook_id)
            if pending is None:
                return delivered
            delivery_id, body, secret, url, attempt = pending
            status, error = self._post(url, body, secret, delivery_id, attempt)
            if not self._record(webhook_id, delivery_id, status, error):
                return delivered
            if error:
                return delivered
            delivered += 1
        return delivered

    def _next_delivery(self, webhook_id: int) -> tuple[str, bytes, str, str, int] | None:
        """The undelivered batch of this subscriber, made now if there is none yet."""
        with self._db.write() as session:
            hook = session.scalars(select(WebhookRow).where(self._mine(webhook_id))).one_or_none()
            if hook is None or not hook.active:
                return None  # the lease was lost, or the webhook switched off meanwhile
            hook.lease_until = utcnow() + self._lease
            row = session.scalars(
                select(WebhookDeliveryRow)
                .where(
                    WebhookDeliveryRow.webhook_id == webhook_id,
                    WebhookDeliveryRow.delivered_at.is_(None),
                )
                .order_by(WebhookDeliveryRow.first_seq)
                .limit(1)
            ).one_or_none()
            if row is None:
                query = select(UnitRow).where(UnitRow.feed_seq > hook.feed_seq)
                if hook.station:
                    query = query.where(UnitRow.station == hook.station)
                units = list(session.scalars(query.order_by(UnitRow.feed_seq).limit(self._batch)))
                if not units:
                    return None
                delivery_id = str(uuid.uuid4())
                document = WebhookDelivery(
                    delivery_id=delivery_id,
                    webhook_id=webhook_id,
                    event=WEBHOOK_EVENT,
                    units=[unit_out(u) for u in units],
                    first_seq=units[0].feed_seq,
                    last_seq=units[-1].feed_seq,
                )
                row = WebhookDeliveryRow(
                    id=delivery_id,
                    webhook_id=webhook_id,
                    first_seq=document.first_seq,
                    last_seq=document.last_seq,
                    units=len(units),
                    body=document.model_dump_json(),
                    attempts=0,
                    created_at=utcnow(),
                )
                session.add(row)
            return row.id, row.body.encode(), hook.secret, hook.url, row.attempts + 1

    def _post(
        self, url: str, body: bytes, secret: str, delivery_id: str, attempt: int
    ) -> tuple[int | None, str]:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "returns-bench-station-hub",
            WEBHOOK_DELIVERY_HEADER: delivery_id,
            WEBHOOK_ATTEMPT_HEADER: str(attempt),
            WEBHOOK_SIGNATURE_HEADER: sign(secret, body),
        }
        try:
            with self._http.post(
                url,
                data=body,
                headers=headers,
                timeout=(min(5.0, self._timeout_s), self._timeout_s),
                allow_redirects=False,  # a redirect is a misconfiguration, not a delivery
                stream=True,  # the answer's body is not needed
            ) as response:
                status = response.status_code
        except requests.RequestException as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        if 200 <= status < 300:
            return status, ""
        return status, f"receiver answered HTTP {status}"

    def _record(self, webhook_id: int, delivery_id: str, status: int | None, error: str) -> bool:
        """Store the attempt's outcome; False when the lease was lost meanwhile."""
        now = utcnow()
        with self._db.write() as session:
            hook = session.scalars(
                select(WebhookRow).where(self._mine(webhook_id)).with_for_update()
            ).one_or_none()
            delivery = session.get(WebhookDeliveryRow, delivery_id)
            if hook is None or delivery is None:
                # Another process took over (this one was too slow): it sends the same
                # delivery again; the receiver drops the duplicate id.
                return False
            delivery.attempts += 1
            delivery.last_status = status
            if error:
                hook.failures += 1
                hook.last_error = f"{now:%Y-%m-%d %H:%M:%S} UTC delivery {delivery_id}: {error}"
                hook.next_attempt_at = now + timedelta(seconds=self._backoff(hook.failures))
                log.warning("webhook %s: %s", webhook_id, error)
            else:
                delivery.delivered_at = now
                hook.feed_seq = max(hook.feed_seq, delivery.last_seq)
                hook.failures = 0
                hook.last_error = ""
                hook.last_delivered_at = now
        return True

    def _backoff(self, failures: int) -> float:
        ceiling = min(self._retry_cap_s, self._retry_base_s * 2 ** min(failures - 1, 30))
        # Jitter spreads the retries after a receiver outage.
        return self._rng.uniform(ceiling / 2, ceiling)


def prune_deliveries(db: HubDatabase, *, keep: timedelta) -> int:
    """Drop delivered batches older than ``keep`` (undelivered ones are always kept)."""
    cutoff: datetime = utcnow() - keep
    with db.write() as session:
        return _rows(
            session.execute(
                delete(WebhookDeliveryRow).where(
                    WebhookDeliveryRow.delivered_at.is_not(None),
                    WebhookDeliveryRow.delivered_at < cutoff,
                )
            )
        )


def _rows(result: Any) -> int:
    """Rows an UPDATE or DELETE touched."""
    return int(cast(CursorResult[Any], result).rowcount or 0)
