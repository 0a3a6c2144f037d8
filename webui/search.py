"""The search page: one box, ranked hits with highlighted snippets, facets with counts, paging.
An empty query lists the most recent documents, so the page is useful before anyone types."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from archive import clock
from indexer.search.results import search_counties, search_documents
from webui.auth import login_required
from webui.resources import catalog, get_archive, get_index
from webui.tenancy import cross_county, home_county, readable_counties

bp = Blueprint("search", __name__)
FILTERS = ("department", "item", "type", "year")


def search_args() -> dict:
    """The query and filters of this request, as the search library wants them."""
    args = request.args
    try:
        page = max(1, int(args.get("page", 1)))
    except ValueError:
        page = 1
    size = current_app.config["SEARCH_PAGE_SIZE"]
    try:
        limit = min(100, max(1, int(args.get("limit", size))))
    except ValueError:
        limit = size
    try:
        offset = max(0, int(args["offset"])) if "offset" in args else (page - 1) * limit
    except ValueError:
        offset = 0
    return {"query": args.get("q", "").strip()[:500], "department": args.get("department") or None,
            "item": args.get("item") or None, "doc_type": args.get("type") or None,
            "year": args.get("year") or None, "limit": limit, "offset": offset}


def run_search(params: dict) -> dict:
    """This county's search, or with `scope=province` (a province account only) the same search
    over the counties the account is bound to (`county=` narrows it to some of them)."""
    if cross_county():
        index = get_index()
        return search_counties(index, params["query"], readable_counties(index.counties()),
                               home_county=home_county(), department=params["department"], item=params["item"],
                               doc_type=params["doc_type"], year=params["year"], limit=params["limit"],
                               offset=params["offset"], facets=True)
    return search_documents(get_archive(), get_index(), params["query"], department=params["department"],
                            item=params["item"], doc_type=params["doc_type"], year=params["year"],
                            limit=params["limit"], offset=params["offset"], facets=True, catalog=catalog(),
                            as_of=clock.today())


@bp.app_template_global()
def search_url(**changes) -> str:
    """This search with some parameters changed (None drops one); a new filter resets paging."""
    args = {k: v for k, v in request.args.items() if v}
    if any(k != "page" for k in changes):
        args.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return url_for("search.index", **args)


@bp.route("/")
@login_required
def index():
    params = search_args()
    result = run_search(params)
    page = params["offset"] // params["limit"] + 1
    pages = max(1, -(-result["total"] // params["limit"]))
    active = {k: request.args.get(k) for k in (*FILTERS, "scope") if request.args.get(k)}
    return render_template("search.html", q=params["query"], result=result, page=page, pages=pages,
                           active=active)
