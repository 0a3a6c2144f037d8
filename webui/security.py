"""Response headers that make the browser refuse framing by other sites, MIME sniffing and any
script or style not served by us; and the login throttle that slows password guessing."""

from __future__ import annotations

import threading
import time
from collections import deque

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


class LoginThrottle:
    """Failed log-ins per client address and per account name within a sliding window.

    Kept in memory per application: a restart forgets, which is acceptable for slowing an
    online guesser and avoids a schema change for transient data."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, address: str, name: str) -> list[tuple[str, int]]:
        """One account is guessed at slowly; one address (maybe a whole office behind NAT)
        gets more room before it is slowed."""
        return [(f"addr:{address}", self.max_failures * 4), (f"name:{name.strip().lower()}", self.max_failures)]

    def _recent(self, key: str, at: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= at - self.window:
            times.popleft()
        return times

    def retry_after(self, address: str, name: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        at = time.monotonic()
        with self._lock:
            waits = [times[-limit] + self.window - at for key, limit in self._keys(address, name)
                     if len(times := self._recent(key, at)) >= limit]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, address: str, name: str) -> None:
        at = time.monotonic()
        with self._lock:
            for key, _ in self._keys(address, name):
                self._recent(key, at).append(at)

    def succeeded(self, address: str, name: str) -> None:
        with self._lock:
            self._failures.pop(f"name:{name.strip().lower()}", None)


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.extensions["login_throttle"] = LoginThrottle(app.config["LOGIN_MAX_FAILURES"],
                                                     app.config["LOGIN_WINDOW_SECONDS"])
