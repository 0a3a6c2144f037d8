"""Every browser upload is archived, even when uploads of one file name follow each other faster
than the watcher's quiet period: each becomes a version of that name, none replaces another
before it was stored. Real Flask app, real pipeline, real files."""

from __future__ import annotations

import io
import threading

from conftest import cli_json, make_home, wait_until
from test_web_helpers import csrf_of, login

NAME = "水源地监测报告.txt"
ORDINALS = "一二三四五六七八九十"


def text_of(n: int) -> str:
    return f"第{ORDINALS[n]}次上传的饮用水水源地监测报告"


def upload_client(home, ingest: bool):
    from evidence.config import load_config
    from webui import create_app

    app = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": ingest})

    def client():
        c = app.test_client()
        assert login(c, "cz", "cz-pass-12").status_code == 302
        return c

    return client


def upload(client, text: str) -> None:
    body = {"files": (io.BytesIO(text.encode()), NAME), "csrf_token": csrf_of(client)}
    response = client.post("/upload", data=body, content_type="multipart/form-data")
    assert response.status_code == 200, response.text


def versions(home) -> list[dict]:
    path = f"财政局/网页上传/{NAME}"
    return [d for d in cli_json(home, "documents") if any(loc["path"] == path for loc in d["locations"])]


def new_home(tmp_path):
    home = make_home(tmp_path / "home")
    cli_json(home, "user", "add", "cz", "--role", "department", "--department", "财政局", "--password", "cz-pass-12")
    return home


def test_two_quick_uploads_of_one_name_are_both_archived(tmp_path):
    home = new_home(tmp_path)
    client = upload_client(home, ingest=False)()  # nothing ingests in between: the next scan does
    upload(client, text_of(0))
    upload(client, text_of(1))
    cli_json(home, "scan")
    docs = versions(home)
    assert len(docs) == 2 and {d["status"] for d in docs} == {"indexed"}
    current = [d for d in docs if d["in_share"]]
    assert len(current) == 1 and cli_json(home, "show", str(current[0]["id"]))["text"] == text_of(1)
    for n in (0, 1):
        assert cli_json(home, "search", text_of(n))["total"] == 1


def test_ten_uploads_of_one_name_at_once_are_all_archived(tmp_path):
    home = new_home(tmp_path)
    make_client = upload_client(home, ingest=True)
    clients = [make_client() for _ in range(10)]
    start = threading.Barrier(10)
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            start.wait()
            upload(clients[n], text_of(n))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    wait_until(lambda: [d for d in versions(home) if d["status"] == "indexed"] if len(versions(home)) == 10
               and all(d["status"] == "indexed" for d in versions(home)) else None, timeout=90)
    assert sum(d["in_share"] for d in versions(home)) == 1
    # status "indexed" is the saved extraction; the search index is fed in batches after it
    for n in range(10):
        wait_until(lambda: cli_json(home, "search", text_of(n))["total"] == 1, timeout=60)


def test_an_upload_is_put_in_place_under_the_ingest_lock_the_pipeline_holds(tmp_path):
    """While an ingest holds the home's lock (here: this test, as a scan would), an upload waits
    for it before its file appears in the folder and its version is recorded; then it goes on."""
    from spine.ingest_lock import ingest_lock

    home = new_home(tmp_path)
    client = upload_client(home, ingest=False)()
    target = home / "watch_folders" / "财政局" / "网页上传" / NAME
    done = threading.Event()
    with ingest_lock(home / "var"):
        sender = threading.Thread(target=lambda: (upload(client, text_of(0)), done.set()))
        sender.start()
        assert not done.wait(1.5)
        assert not target.exists()
    sender.join(30)
    assert done.is_set() and target.read_text(encoding="utf-8") == text_of(0)
    assert len(versions(home)) == 1


def test_behind_a_long_ingest_the_upload_is_placed_and_left_to_it(tmp_path, monkeypatch):
    """An upload does not hang behind a long scan: after its wait the file is put in place
    unrecorded, and the ingest that held the lock (here: the next scan) archives it."""
    from spine.ingest_lock import ingest_lock
    from webui import upload as upload_module

    monkeypatch.setattr(upload_module, "UPLOAD_LOCK_SECONDS", 0.3)
    home = new_home(tmp_path)
    client = upload_client(home, ingest=False)()
    with ingest_lock(home / "var"):
        upload(client, text_of(0))
        assert (home / "watch_folders" / "财政局" / "网页上传" / NAME).exists()
    assert versions(home) == []
    cli_json(home, "scan")
    assert [d["status"] for d in versions(home)] == ["indexed"]
