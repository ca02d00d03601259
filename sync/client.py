"""Station sync client: outbox uploader, change puller and photo uploader on their own threads.

Qt-free. Each worker has its own ``requests`` session and its own database sessions, and
reports through an immutable :class:`SyncStatus` handed to the ``on_status`` callback (on
the worker's thread: a UI bridge re-emits it as a queued signal).

- Uploader: drains pending outbox rows in batches, marking a row only by the hub's answer
  for its id; runs on a timer and on :meth:`SyncClient.wake`; backs off with jitter
  (capped at 30 s) while the hub is unreachable.
- Puller: long-polls the hub's change log and applies pages in short transactions.
- Photos: content-addressed, resumable uploads (HEAD for the offset, PUT with
  Content-Range), never in the way of mutations.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sync import local
from sync.protocol import (
    SCHEMA_HEADER,
    SCHEMA_VERSION,
    BlobState,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    PullRequest,
    PullResponse,
    PushResponse,
    WhoAmI,
)

log = logging.getLogger(__name__)

WATCHDOG_AFTER_S = 300.0
BACKOFF_CAP_S = 30.0
CHUNK_BYTES = 256 * 1024
_M = TypeVar("_M", bound=BaseModel)


# -- talking to the hub ---------------------------------------------------------------------------


class HubError(Exception):
    """The hub could not be used for this request; the station keeps its queue."""


class HubUnreachable(HubError):
    """Connection refused or cut, timeout, or a 5xx: transient, retried with backoff."""


class HubMalformed(HubUnreachable):
    """The hub answered something that is not the protocol (bad JSON, wrong shape)."""


class HubRefused(HubError):
    """The hub refused the request (bad token, forbidden, invalid): needs a person."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class UpdateNeeded(HubRefused):
    """HTTP 426: the hub does not speak this station's sync schema."""


class HubApi:
    """One requests session to the hub. Not thread-safe: one per worker thread."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        verify_tls: bool = True,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = requests.Session()
        self._session.verify = verify_tls  # TLS certificates are checked unless IT said not
        self._session.headers[SCHEMA_HEADER] = str(SCHEMA_VERSION)
        self._session.headers["User-Agent"] = f"returns-bench-station-sync/{SCHEMA_VERSION}"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        self._timeout = (connect_timeout_s, read_timeout_s)

    def close(self) -> None:
        self._session.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        read_timeout_s: float | None = None,
        accept: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> requests.Response:
        timeout = (self._timeout[0], read_timeout_s or self._timeout[1])
        try:
            response = self._session.request(
                method, self.base_url + path, timeout=timeout, **kwargs
            )
        except requests.exceptions.SSLError as exc:
            raise HubRefused(
                f"TLS check of {self.base_url} failed: {exc}. Install the hub's "
                "certificate authority on this PC.",
                0,
            ) from exc
        except requests.RequestException as exc:
            raise HubUnreachable(f"hub {self.base_url} unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise HubUnreachable(f"hub answered HTTP {response.status_code} on {path}")
        if response.status_code == 426:
            raise UpdateNeeded(_error_message(response), 426)
        if response.status_code >= 400 and response.status_code not in accept:
            raise HubRefused(_error_message(response), response.status_code)
        return response

    def _json(self, response: requests.Response, model: type[_M]) -> _M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise HubMalformed(
                f"hub sent a malformed {model.__name__}: "
                f"{exc.errors()[0]['msg'] if exc.errors() else exc}"
            ) from exc

    def health(self) -> dict[str, Any]:
        response = self._request("GET", "/health")
        try:
            body = response.json()
        except ValueError as exc:
            raise HubMalformed("hub /health is not JSON") from exc
        return dict(body) if isinstance(body, dict) else {}

    def enroll(self, code: str, station: str) -> EnrollResponse:
        body = EnrollRequest(code=code, station=station).model_dump()
        return self._json(self._request("POST", "/v1/enroll", json=body), EnrollResponse)

    def whoami(self) -> WhoAmI:
        return self._json(self._request("GET", "/v1/whoami"), WhoAmI)

    def push(self, station: str, entries: list[local.OutboxEntry]) -> PushResponse:
        body = json.dumps(
            {"station": station, "mutations": [e.as_json() for e in entries]}, separators=(",", ":")
        )
        response = self._request(
            "POST", "/v1/push", data=body.encode(), headers={"Content-Type": "application/json"}
        )
        return self._json(response, PushResponse)

    def pull(self, request: PullRequest) -> PullResponse:
        response = self._request(
            "POST",
            "/v1/pull",
            json=request.model_dump(),
            read_timeout_s=self._timeout[1] + request.wait_s,
        )
        return self._json(response, PullResponse)

    def blob_offset(self, sha256: str) -> tuple[bool, int]:
        """(complete, bytes the hub holds) of a blob."""
        response = self._request(
            "HEAD", f"/v1/blobs/{sha256}", allow_redirects=False, accept=frozenset({404})
        )
        offset = int(response.headers.get("Upload-Offset", "0") or 0)
        return response.status_code == 200, offset

    def blob_put(self, sha256: str, start: int, chunk: bytes, total: int) -> BlobState:
        """Send one chunk; on a 409 the returned state carries the hub's offset."""
        content_range = (
            f"bytes {start}-{start + len(chunk) - 1}/{total}" if chunk else f"bytes */{total}"
        )
        response = self._request(
            "PUT",
            f"/v1/blobs/{sha256}",
            data=chunk,
            accept=frozenset({409}),
            headers={"Content-Range": content_range, "Content-Type": "application/octet-stream"},
        )
        if response.status_code == 409:
            offset = int(response.headers.get("Upload-Offset", "0") or 0)
            return BlobState(sha256=sha256, complete=False, received=offset, size=total)
        return self._json(response, BlobState)


def _error_message(response: requests.Response) -> str:
    try:
        return ErrorBody.model_validate_json(response.content).message
    except ValidationError:
        return f"hub answered HTTP {response.status_code}: {response.text[:200]}"


# -- status ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the bench shows about sync; immutable, safe to hand to the GUI thread."""

    online: bool = False
    pending: int = 0
    oldest_pending_age_s: float | None = None
    rejected: int = 0
    cursor: int = 0
    last_error: str = ""
    update_needed: bool = False
    watchdog: bool = False  # online, yet the oldest pending mutation is over 5 minutes old
    photos_pending: int = 0
    last_push_at: datetime | None = None
    last_pull_at: datetime | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SyncOutcome:
    """The result of :meth:`SyncClient.sync_once` (``station sync --once``)."""

    applied: int
    duplicates: int
    rejected: int
    pending: int
    rejected_total: int
    cursor: int
    changes_applied: int
    photos_uploaded: int
    error: str = ""


class Backoff:
    """Exponential backoff with jitter: 0.5, 1, 2, 4 ... seconds, capped, each randomised."""

    def __init__(
        self, *, base_s: float = 0.5, cap_s: float = BACKOFF_CAP_S, rng: random.Random | None = None
    ) -> None:
        self.base_s, self.cap_s = base_s, cap_s
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap_s, self.base_s * 2 ** min(self.failures - 1, 30))
        # Jitter spreads the retries of a whole warehouse after a hub restart.
        return self._rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


# -- the client -----------------------------------------------------------------------------------


class SyncClient:
    """Sync of one station with its hub. Call :meth:`start` once, :meth:`stop` at exit."""

    def __init__(
        self,
        engine: Engine,
        hub_url: str,
        token: str,
        station: str,
        *,
        verify_tls: bool = True,
        on_status: Callable[[SyncStatus], None] | None = None,
        batch_size: int = 500,
        idle_interval_s: float = 10.0,
        pull_wait_s: float = 10.0,
        photo_interval_s: float = 15.0,
        backoff_cap_s: float = BACKOFF_CAP_S,
        watchdog_after_s: float = WATCHDOG_AFTER_S,
        policy_root: Path | None = None,
        pull_page: int = 500,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 30.0,
        rng: random.Random | None = None,
        write_gate: threading.Lock | None = None,
        now: Callable[[], datetime] = local.utcnow,
    ) -> None:
        self.station = station
        # The station's clock, the same one the bench stamps its commits with. It only
        # feeds what the bench shows (age of the oldest pending mutation, hence the
        # watchdog; last push/pull times) and the sent time on outbox rows: the hub orders
        # and decides by mutation id and its own clock. Injectable so a test can let a
        # 30-hour outage pass, or run a bench a day off, without touching the real time.
        self._now = now
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._hub = (hub_url, token, verify_tls, connect_timeout_s, read_timeout_s)
        self._on_status = on_status
        self._batch = batch_size
        self._idle_s = idle_interval_s
        self._pull_wait_s = pull_wait_s
        self._photo_s = photo_interval_s
        self._watchdog_s = watchdog_after_s
        self._pull_page = pull_page
        self._rng = rng or random.Random()
        self._backoff_cap = backoff_cap_s
        # The lock the bench's commits take too (``Database.write_lock``): every write of
        # sync (pulled chunks, push answers, photo marks) waits its turn there instead of in
        # SQLite's busy handler, which sleeps in steps of up to 100 ms.
        self._gate: contextlib.AbstractContextManager[Any] = (
            write_gate if write_gate is not None else contextlib.nullcontext()
        )
        self.applier = local.ChangeApplier(engine, policy_root=policy_root, write_gate=write_gate)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._photo_wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._published: SyncStatus | None = None
        self._push_lock = threading.Lock()  # sync_once and the uploader never overlap

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._threads:
            return
        self._refresh_queue()
        for name, target in (
            ("uploader", self._uploader_loop),
            ("puller", self._puller_loop),
            ("photos", self._photo_loop),
        ):
            thread = threading.Thread(target=target, name=f"sync-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the workers; a long-poll in flight is abandoned (its thread is a daemon)."""
        self._stop.set()
        self._wake.set()
        self._photo_wake.set()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        if not self._threads:
            self.applier.close()

    def wake(self) -> None:
        """A new outbox row or photo was committed: push soon instead of at the next tick."""
        self._wake.set()
        self._photo_wake.set()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Session]:
        """A short write transaction of sync, taken in turn with the bench's commits."""
        with self._gate, self._sessions() as session, session.begin():
            yield session

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def _api(self, read_timeout_s: float | None = None) -> HubApi:
        url, token, verify, connect_s, read_s = self._hub
        return HubApi(
            url,
            token,
            verify_tls=verify,
            connect_timeout_s=connect_s,
            read_timeout_s=read_timeout_s or read_s,
        )

    # -- status ---------------------------------------------------------------------------------

    def _update(self, **changes: Any) -> None:
        with self._lock:
            status = dataclasses.replace(self._status, **changes)
            age = status.oldest_pending_age_s
            status = dataclasses.replace(
                status, watchdog=bool(status.online and age is not None and age > self._watchdog_s)
            )
            self._status = status
            publish = status != self._published
            self._published = status
        if publish and self._on_status is not None:
            try:
                self._on_status(status)
            except Exception:  # a broken listener must not stop sync
                log.exception("sync status listener failed")

    def _refresh_queue(self) -> None:
        with self._sessions() as session:
            stats = local.queue_stats(session)
            cursor, _snap = local.read_cursor(session)
            photos = local.photos_pending(session)
        age = None
        if stats.oldest_pending_at is not None:
            age = max(0.0, (self._now() - stats.oldest_pending_at).total_seconds())
        self._update(
            pending=stats.pending,
            oldest_pending_age_s=age,
            rejected=stats.rejected,
            cursor=cursor,
            photos_pending=photos,
        )

    def _failed(self, exc: HubError) -> None:
        if isinstance(exc, UpdateNeeded):
            self._update(online=True, update_needed=True, last_error=str(exc))
        elif isinstance(exc, HubRefused):
            self._update(online=True, last_error=str(exc))
        else:
            self._update(online=False, last_error=str(exc))

    # -- push -----------------------------------------------------------------------------------

    def push_once(self, api: HubApi | None = None) -> local.PushTally:
        """Send every pending row now, batch by batch; raises HubError when the hub fails."""
        own = api is None
        api = api or self._api()
        total = local.PushTally()
        try:
            with self._push_lock:
                while not self._stop.is_set():
                    with self._sessions() as session:
                        batch = local.pending_batch(session, self._batch)
                    if not batch:
                        break
                    answer = api.push(self.station, batch)
                    with self._write() as session:
                        tally = local.record_results(
                            session, batch, answer.results, now=self._now()
                        )
                    total = total + tally
                    self._update(
                        online=True,
                        update_needed=False,
                        last_error=answer.stopped,
                        last_push_at=self._now(),
                    )
                    if tally.gap_expected is not None:
                        self._check_gap(tally.gap_expected)
                    if answer.stopped or tally.unanswered == len(batch):
                        # The hub took nothing more this time: let the backoff decide when.
                        raise HubUnreachable(answer.stopped or "the hub answered no mutation")
                    self._refresh_queue()
        finally:
            if own:
                api.close()
            self._refresh_queue()
        return total

    def _check_gap(self, expected: int) -> None:
        with self._sessions() as session:
            present = local.has_mutation(session, expected)
        if not present:
            raise HubRefused(
                f"the hub expects mutation {expected}, which this station no "
                "longer holds; call IT (station database replaced?)",
                409,
            )

    def _uploader_loop(self) -> None:
        backoff = Backoff(cap_s=self._backoff_cap, rng=self._rng)
        api = self._api()
        try:
            while not self._stop.is_set():
                try:
                    self.push_once(api)
                    backoff.reset()
                    delay = self._idle_s
                except UpdateNeeded as exc:
                    self._failed(exc)
                    delay = backoff.cap_s
                except HubError as exc:
                    self._failed(exc)
                    delay = backoff.next_delay()
                except Exception as exc:  # a database hiccup must not end the worker
                    log.exception("uploader failed")
                    self._update(last_error=f"uploader: {exc}")
                    delay = backoff.next_delay()
                if backoff.failures:
                    self._stop.wait(delay)  # a new write does not cut a backoff short
                else:
                    self._wake.wait(delay)
                self._wake.clear()
        finally:
            api.close()

    # -- pull -----------------------------------------------------------------------------------

    def pull_once(self, api: HubApi | None = None, *, wait_s: float = 0.0) -> int:
        """Pull and apply pages until caught up; returns the number of changes applied.

        The next page is fetched while the current one is applied (one request in flight).
        """
        own = api is None
        hub = api or self._api()
        applied = 0
        with self._sessions() as session:
            cursor, snapshot = local.read_cursor(session)
        fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch")
        try:
            future: Future[PullResponse] | None = fetcher.submit(
                hub.pull,
                PullRequest(
                    cursor=cursor,
                    snapshot=snapshot,
                    limit=self._pull_page,
                    wait_s=0.0 if snapshot else wait_s,
                ),
            )
            while future is not None and not self._stop.is_set():
                page = future.result()
                if self._stop.is_set():
                    break
                if page.reset:
                    log.warning("hub log no longer reaches cursor %d: taking a snapshot", cursor)
                future = None
                if page.has_more:
                    future = fetcher.submit(
                        hub.pull,
                        PullRequest(
                            cursor=page.cursor, snapshot=page.snapshot, limit=self._pull_page
                        ),
                    )
                applied += self.applier.apply_page(
                    page.changes,
                    cursor=page.cursor,
                    snapshot_page=page.snapshot,
                    more_snapshot=page.snapshot and page.has_more,
                    should_stop=self._stop.is_set,
                )
                self._update(
                    online=True,
                    cursor=page.cursor,
                    last_pull_at=self._now(),
                    update_needed=False,
                )
        finally:
            fetcher.shutdown(wait=True)
            if own:
                hub.close()
            if applied:
                # What the pages wrote goes into the database file now, outside the gate,
                # rather than in some later commit of the bench.
                self.applier.checkpoint()
        return applied

    def _puller_loop(self) -> None:
        backoff = Backoff(cap_s=self._backoff_cap, rng=self._rng)
        api = self._api()
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    applied = self.pull_once(api, wait_s=self._pull_wait_s)
                    backoff.reset()
                    if not applied and time.monotonic() - started < 0.2:
                        # Nothing new, yet the hub did not long-poll: do not spin.
                        self._stop.wait(min(1.0, self._pull_wait_s))
                except HubError as exc:
                    self._failed(exc)
                    self._stop.wait(
                        backoff.cap_s if isinstance(exc, UpdateNeeded) else backoff.next_delay()
                    )
                except Exception as exc:
                    log.exception("puller failed")
                    self._update(last_error=f"puller: {exc}")
                    self._stop.wait(backoff.next_delay())
        finally:
            api.close()

    # -- photos ---------------------------------------------------------------------------------

    def upload_photos_once(self, api: HubApi | None = None) -> int:
        """Upload every photo the hub lacks, resuming partial uploads; returns completed."""
        own = api is None
        api = api or self._api()
        done = 0
        try:
            with self._sessions() as session:
                todo = local.photos_to_upload(session)
            for photo in todo:
                if self._stop.is_set():
                    break
                if self._upload_photo(api, photo):
                    with self._write() as session:
                        local.mark_photo_uploaded(session, photo.sha256)
                    done += 1
        finally:
            if own:
                api.close()
            if done:
                self._refresh_queue()
        return done

    def _upload_photo(self, api: HubApi, photo: local.PhotoToUpload) -> bool:
        complete, offset = api.blob_offset(photo.sha256)
        if complete:
            return True
        try:
            data = photo.path.read_bytes()
        except OSError as exc:
            log.error("photo %s cannot be read from %s: %s", photo.sha256, photo.path, exc)
            return False
        if hashlib.sha256(data).hexdigest() != photo.sha256:
            log.error("photo file %s does not hash to %s; not uploaded", photo.path, photo.sha256)
            return False
        for _attempt in range(len(data) // CHUNK_BYTES + 8):  # bounded: a chunk or a resync
            if self._stop.is_set():
                return False
            chunk = data[offset : offset + CHUNK_BYTES]
            state = api.blob_put(photo.sha256, offset, chunk, len(data))
            if state.complete:
                return True
            offset = state.received
        return False

    def _photo_loop(self) -> None:
        backoff = Backoff(cap_s=self._backoff_cap, rng=self._rng)
        api = self._api()
        try:
            while not self._stop.is_set():
                try:
                    self.upload_photos_once(api)
                    backoff.reset()
                    self._photo_wake.wait(self._photo_s)
                    self._photo_wake.clear()
                except HubError as exc:
                    log.info("photo upload paused: %s", exc)
                    self._stop.wait(backoff.next_delay())
                except Exception:
                    log.exception("photo uploader failed")
                    self._stop.wait(backoff.next_delay())
        finally:
            api.close()

    # -- once -----------------------------------------------------------------------------------

    def sync_once(self) -> SyncOutcome:
        """Push, pull and upload photos now, once (``station sync --once``)."""
        api = self._api()
        tally, changes, photos, errors = local.PushTally(), 0, 0, []
        try:
            for step in ("push", "pull", "photos"):
                try:
                    if step == "push":
                        tally = self.push_once(api)
                    elif step == "pull":
                        changes = self.pull_once(api)
                    else:
                        photos = self.upload_photos_once(api)
                except HubError as exc:
                    self._failed(exc)
                    errors.append(f"{step}: {exc}")
                    if isinstance(exc, HubUnreachable | UpdateNeeded):
                        break
        finally:
            api.close()
        self._refresh_queue()
        status = self.status
        return SyncOutcome(
            applied=tally.applied,
            duplicates=tally.duplicates,
            rejected=tally.rejected,
            pending=status.pending,
            rejected_total=status.rejected,
            cursor=status.cursor,
            changes_applied=changes,
            photos_uploaded=photos,
            error="; ".join(errors),
        )


def enroll(hub_url: str, code: str, station: str, *, verify_tls: bool = True) -> EnrollResponse:
    """Exchange a one-time code for the station token (``station enroll``)."""
    api = HubApi(hub_url, verify_tls=verify_tls)
    try:
        return api.enroll(code, station)
    finally:
        api.close()
