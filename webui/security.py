"""Response headers that make the browser refuse framing by other sites, MIME sniffing and any
script or style not served by us; and the login throttle that slows password guessing."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

from flask import Flask, Response, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
# The browser's PDF viewer is a plugin inside the frame: a PDF response must allow it.
PREVIEW_CSP = "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'"


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


MAX_REMEMBERED = 128  # failures kept per key: far more than it takes to reach the longest wait


@dataclass(frozen=True)
class Backoff:
    """After `free` failures the next attempt waits `first` seconds, and each further failure
    doubles the wait, up to `cap`. `sliding`: failures older than the window are forgotten one
    by one (an address: a busy office recovers on its own); otherwise all are forgotten only
    after a quiet window (an account: a patient guesser stays at the cap)."""

    free: int
    first: float
    cap: float
    sliding: bool

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.first * 2 ** min(failures - self.free, 32))


class LoginThrottle:
    """Failed log-ins per account name and per client address, answered with a growing wait
    rather than a flat lock-out: a guesser is slowed to a few dozen tries an hour, while an
    office behind one NAT address, where colleagues mistype, waits seconds, never minutes.

    Kept in memory per application: a restart forgets, which is acceptable for slowing an
    online guesser and avoids a schema change for transient data."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.account = Backoff(max_failures, 5.0, 120.0, sliding=False)
        self.address = Backoff(max_failures * 4, 2.0, 60.0, sliding=True)
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, address: str, name: str) -> list[tuple[str, Backoff]]:
        return [(f"addr:{address}", self.address), (f"name:{name.strip().lower()}", self.account)]

    def _recent(self, key: str, backoff: Backoff, at: float) -> deque[float]:
        times = self._failures.setdefault(key, deque(maxlen=MAX_REMEMBERED))
        if backoff.sliding:
            while times and times[0] <= at - self.window:
                times.popleft()
        elif times and times[-1] <= at - self.window:
            times.clear()
        return times

    def retry_after(self, address: str, name: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        at = self.clock()
        with self._lock:
            waits = [times[-1] + backoff.delay(len(times)) - at for key, backoff in self._keys(address, name)
                     if (times := self._recent(key, backoff, at))]
        wait = max(waits, default=0.0)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, address: str, name: str) -> None:
        at = self.clock()
        with self._lock:
            for key, backoff in self._keys(address, name):
                self._recent(key, backoff, at).append(at)

    def succeeded(self, address: str, name: str) -> None:
        with self._lock:
            self._failures.pop(f"name:{name.strip().lower()}", None)


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.extensions["login_throttle"] = LoginThrottle(app.config["LOGIN_MAX_FAILURES"],
                                                     app.config["LOGIN_WINDOW_SECONDS"])
