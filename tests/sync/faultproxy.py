"""An HTTP-aware TCP proxy on 127.0.0.1 that injects network faults per request.

Each client connection carries one request (the proxy asks the hub to close after its
answer). A queued fault for a path prefix applies to the next matching request:

- ``drop_request``: close before the hub sees anything;
- ``drop_reply``:   forward, wait for the whole answer (the hub has committed), close;
- ``cut_reply``:    forward, send the first half of the answer, close;
- ``http_500``:     answer 500 without forwarding;
- ``garbage``:      forward, then answer 200 with a body that is not JSON;
- ``delay``:        wait ``seconds`` before forwarding.
"""

from __future__ import annotations

import collections
import dataclasses
import socket
import threading
import time


@dataclasses.dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    seconds: float = 0.0


PASS = Fault("pass")


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultProxy:
    """Forwards 127.0.0.1:``port`` to the hub at ``upstream_port`` with scheduled faults."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._faults: collections.deque[tuple[str, Fault]] = collections.deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self.served: list[tuple[str, str]] = []  # (request line, fault kind)
        self.default = PASS

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def add(
        self, kind: str, *, path: str = "/v1/push", times: int = 1, seconds: float = 0.0
    ) -> None:
        with self._lock:
            for _ in range(times):
                self._faults.append((path, Fault(kind, seconds)))

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def _take(self, request_line: str) -> Fault:
        path = request_line.split(" ")[1] if " " in request_line else ""
        with self._lock:
            for i, (prefix, fault) in enumerate(self._faults):
                if path.startswith(prefix):
                    del self._faults[i]
                    return fault
        return self.default

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(30)
        try:
            request = _read_request(client)
            if request is None:
                return
            line = request.split(b"\r\n", 1)[0].decode("latin-1")
            fault = self._take(line)
            with self._lock:
                self.served.append((line, fault.kind))
            if fault.kind == "drop_request":
                return
            if fault.kind == "http_500":
                body = b'{"error":"proxy","message":"injected 500"}'
                client.sendall(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: "
                    b"application/json\r\nConnection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                return
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            answer = self._forward(request)
            if fault.kind == "drop_reply":
                return
            if fault.kind == "cut_reply":
                client.sendall(answer[: len(answer) // 2])
                return
            if fault.kind == "garbage":
                body = b'{"station": "x", "results": [ {oops'
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Connection: close\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                return
            client.sendall(answer)
        except OSError:
            pass
        finally:
            client.close()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
            up.sendall(request)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)
