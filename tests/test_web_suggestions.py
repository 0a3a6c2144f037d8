"""On the document page, a correction teaches the archive and the similar document shows a
suggestion to accept or decline (issue 19, item 6)."""

from __future__ import annotations

import pytest
from conftest import cli_json, make_home, wait_until
from docgen import make_utf8_txt
from test_suggestions import EXAMPLE, LIKE_IT
from test_web_helpers import form_token, login


@pytest.fixture
def client(tmp_path):
    from evidence.config import load_config
    from webui import create_app

    home = make_home(tmp_path / "home")
    make_utf8_txt(home / "watch_folders" / "林业局" / "白云乡林下经济基地验收.txt", EXAMPLE)
    make_utf8_txt(home / "watch_folders" / "林业局" / "安陲乡林下经济基地验收.txt", LIKE_IT)
    cli_json(home, "scan")
    cli_json(home, "user", "add", "linye", "--role", "department", "--department", "林业局",
             "--password", "linye-pass-2020")
    client = create_app(load_config(home), {"TESTING": True, "INGEST_UPLOADS": False}).test_client()
    assert login(client, "linye", "linye-pass-2020").status_code == 302
    client.ids = {d["source_path"].rsplit("/", 1)[-1]: d["id"] for d in cli_json(home, "documents")}
    return client


def test_a_tag_added_on_one_page_becomes_a_suggestion_on_the_similar_document(client):
    example, similar = client.ids["白云乡林下经济基地验收.txt"], client.ids["安陲乡林下经济基地验收.txt"]
    page = client.get(f"/documents/{example}").text
    client.post(f"/documents/{example}/tags", data={"csrf_token": form_token(page), "item": "9.2", "action": "add"})

    page = wait_until(lambda: (lambda html: html if "<h2>标注建议</h2>" in html else None)(client.get(f"/documents/{similar}").text),
                      timeout=30)
    assert "与已人工标注为 9.2 的《白云乡林下经济基地验收.txt》相似" in page
    assert "9.2" not in client.get(f"/api/documents/{similar}").get_json()["items"]  # shown, not applied

    client.post(f"/documents/{similar}/suggestions/9.2", data={"csrf_token": form_token(page), "answer": "accept"})
    assert "9.2" in client.get(f"/api/documents/{similar}").get_json()["items"]
    assert "<h2>标注建议</h2>" not in client.get(f"/documents/{similar}").text
