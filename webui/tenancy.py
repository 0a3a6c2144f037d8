"""Which county a request may read. A web node serves its own county (its home); a county
account is bound to it, a province account (archive.province) to the counties it names. Every
route refuses a `county` parameter naming a county the account is not bound to (403), and one
naming another county it is bound to except where the route reads across counties (search's
province scope): that county's documents open on that county's own node (404 here)."""

from __future__ import annotations

from flask import Flask, abort, g, request

from archive.province import Binding, Province, binding_of
from webui.resources import app_config

PROVINCE_SCOPE = "province"
CROSS_COUNTY_ENDPOINTS = ("search.index", "api.search")


def home_county() -> str:
    return app_config().cluster_county


def province_enabled() -> bool:
    """Province accounts exist where the counties share a PostgreSQL (`[cluster] database_url`)."""
    return bool(app_config().cluster_database_url)


def open_province() -> Province:
    """The deployment's shared province schema; a context manager (closed on leaving it)."""
    return Province(app_config().cluster_database_url)


def binding() -> Binding:
    return binding_of(g.user, home_county())


def requested_counties() -> list[str]:
    return [c.strip() for c in request.args.getlist("county") if c.strip()]


def refuse_unbound(counties: list[str]) -> None:
    denied = [c for c in counties if not binding().allows(c)]
    if denied:
        abort(403, description=f"您的账号无权查看{'、'.join(denied)}的材料")


def cross_county() -> bool:
    """The request asks for the province scope: only a province account may."""
    if request.args.get("scope") != PROVINCE_SCOPE:
        return False
    if g.user is None or not g.user.province:
        abort(403, description="只有省级账号可以跨县查询")
    return True


def readable_counties(known: list[str]) -> list[str]:
    """The counties a province-scope search reads: those asked for (each must be bound), else
    every county the account is bound to (of those the index knows, for an all-county account)."""
    asked = requested_counties()
    refuse_unbound(asked)
    if asked:
        return asked
    bound = binding().counties
    return sorted(known) if bound is None else list(bound)


def guard_county_parameter() -> None:
    """Before every view: a `county` parameter never reaches another county's data."""
    asked = requested_counties()
    if not asked or g.user is None:
        return
    refuse_unbound(asked)
    if request.endpoint in CROSS_COUNTY_ENDPOINTS and request.args.get("scope") == PROVINCE_SCOPE:
        return
    other = [c for c in asked if c != home_county()]
    if other:
        abort(404, description=f"{'、'.join(other)}的材料请在该县的系统中查看")


def init_app(app: Flask) -> None:
    app.before_request(guard_county_parameter)
