"""A web UI client as a browser's script is one: its own session cookie, logged in through the
real /api/login with the CSRF token the session hands out."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.parse
import urllib.request


class Client:
    """A logged-in API client with its own session cookie and CSRF token."""

    def __init__(self, base: str, password: str, name: str = "admin") -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = self._json("GET", "/api/session")["csrf_token"]
        self._json("POST", "/api/login", {"name": name, "password": password}, token)

    def _json(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("X-CSRF-Token", token)
        with self.opener.open(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read())

    def search(self, query: str, **params: str) -> dict:
        return self._json("GET", "/api/search?" + urllib.parse.urlencode({"q": query, **params}))

    def timed_search(self, query: str) -> float:
        started = time.perf_counter()
        self.search(query)
        return time.perf_counter() - started
