"""The request-body rule of `webui.bodylimits`, enforced inside waitress.

Waitress reads a whole request body (spooling it to a temporary file) before the application
sees the request, so a check in Flask comes too late: one anonymous 500 MB POST had written
396 MB to disk before its 413. Here the check runs as soon as the headers are in, on the
request path and the session cookie, and a refused request is answered without reading its body."""

from __future__ import annotations

import functools
from typing import Callable

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer
from waitress.utilities import Error, RequestEntityTooLarge

from webui.bodylimits import body_limit, has_body
from webui.sessions import cookie_user

LimitFor = Callable[[str, str | None], int]


class LoginRequired(Error):
    code = 401
    reason = "Unauthorized"


class GatedParser(HTTPRequestParser):
    """waitress's parser, refusing a body its route and session do not allow."""

    def __init__(self, limit_for: LimitFor, adj) -> None:
        super().__init__(adj)
        self._limit_for = limit_for
        self._limit: int | None = None

    def received(self, data: bytes) -> int:
        consumed = super().received(data)
        if self.error is not None or self.empty or not self.headers_finished:
            return consumed
        if self._limit is None:
            if not has_body(self.content_length, "chunked" if self.chunked else None):
                self._limit = -1  # nothing to read: nothing to refuse
                return consumed
            self._limit = self._limit_for(self.path or "/", self.headers.get("COOKIE"))
            if self._limit == 0:
                return self._refuse(LoginRequired("请先登录后再提交（未登录的请求不接收请求体）"), data)
            if self.content_length > self._limit:
                return self._refuse(RequestEntityTooLarge(f"请求体超过此操作的上限 {self._limit} 字节"), data)
        elif self._limit >= 0 and self.body_bytes_received > self._limit:  # chunked: counted as it arrives
            return self._refuse(RequestEntityTooLarge(f"请求体超过此操作的上限 {self._limit} 字节"), data)
        return consumed

    def _refuse(self, error: Error, data: bytes) -> int:
        self.error = error
        self.completed = True
        self.expect_continue = False  # never invite a body we are about to refuse
        self.connection_close = True
        return len(data)


def limit_for_app(app: Flask) -> LimitFor:
    def limit_for(path: str, cookie_header: str | None) -> int:
        logged_in = body_limit(app, path, False) == 0 and cookie_user(app, cookie_header) is not None
        return body_limit(app, path, logged_in)
    return limit_for


def install(server, app: Flask) -> None:
    """Make every listening socket of a waitress server use the gated parser."""
    channel = type("GatedChannel", (HTTPChannel,),
                   {"parser_class": functools.partial(GatedParser, limit_for_app(app))})
    servers = [server, *getattr(server, "map", {}).values()]
    for candidate in servers:
        if isinstance(candidate, BaseWSGIServer):
            candidate.channel_class = channel
