"""Issue 15, items 6 and 7: an inspector cannot verify a duty without evidence (web and CLI), and a
refused decision comes back to the form with the reason beside the field and the typed note kept."""

from __future__ import annotations

import html
import re

from conftest import cli_json, run_cli
from docgen import make_utf8_txt
from test_web_helpers import app, client_as, csrf_of, web_config, web_home  # noqa: F401

FUND_REPORT = ("2020年，自治区财政下达我县国家重点生态功能区转移支付资金5860万元（科目1100226）。"
               "现将资金使用情况报告如下：资金已全部拨付。\n融水苗族自治县财政局\n2020年10月15日")


def _entries(checklist: dict) -> list[dict]:
    return [e for top in checklist["items"] for e in (top, *top["parts"])]


def test_web_refuses_to_verify_a_duty_with_no_evidence(client_as):
    client = client_as("inspector")
    empty = next(e for e in _entries(client.get("/api/checklist").get_json()) if not e["evidence"])
    response = client.post(f"/review/{empty['id']}", data={"action": "verify", "note": "现场看过",
                                                          "csrf_token": csrf_of(client)})
    assert response.status_code == 400
    page = response.text
    error = re.search(r'<p class="field-error" id="review-error" role="alert">([^<]+)</p>', page).group(1)
    assert "尚无标注到它的材料，不能核验通过" in error
    assert ">现场看过</textarea>" in page
    assert client.get(f"/api/reviews?item={empty['id']}").get_json() == []
    shown = client.get(f"/review/{empty['id']}").text
    assert re.search(r'value="verify" class="ok" disabled', shown) and 'id="verify-blocked"' in shown
    api = client.post("/api/reviews", json={"item": empty["id"], "action": "verify"},
                      headers={"X-CSRF-Token": csrf_of(client)})
    assert api.status_code == 400 and "不能核验通过" in api.get_json()["error"]


def test_web_verify_of_a_duty_with_evidence_still_works(client_as):
    client = client_as("inspector")
    item = next(e for e in _entries(client.get("/api/checklist").get_json()) if e["evidence"] and not e["parts"])
    response = client.post(f"/review/{item['id']}", data={"action": "verify", "note": "已核对原件",
                                                         "csrf_token": csrf_of(client)})
    assert response.status_code == 302
    assert client.get(f"/api/checklist/{item['id']}").get_json()["status"] == "verified"


def test_reject_without_a_note_shows_the_reason_beside_the_field_and_keeps_the_choice(client_as):
    client = client_as("inspector")
    item = next(e for e in _entries(client.get("/api/checklist").get_json()) if e["evidence"] and not e["parts"])
    doc = str(item["evidence"][0])
    response = client.post(f"/review/{item['id']}", data={"action": "reject", "note": "   ", "document_id": doc,
                                                         "csrf_token": csrf_of(client)})
    assert response.status_code == 400
    page = response.text
    assert '<textarea id="review-note" name="note"' in page and 'aria-invalid="true"' in page
    assert re.search(r'role="alert">退回必须写明原因</p>', page)
    assert f'<option value="{doc}" selected>' in page
    assert "<h1>出错了" not in page and "（--" not in page
    assert 'class="doc-head"' in page  # the review page itself, not an error page


def test_reject_keeps_the_typed_text_when_refused_for_another_reason(client_as):
    client = client_as("inspector")
    response = client.post("/review/2.1", data={"action": "reject", "note": "缺少<盖章>页", "document_id": "99999",
                                                "csrf_token": csrf_of(client)})
    assert response.status_code == 400
    assert "指定的文件不存在" in response.text
    assert f">{html.escape('缺少<盖章>页')}</textarea>" in response.text


def test_cli_verify_refuses_a_duty_with_no_evidence(home, capsys):
    code, _ = run_cli(home, "verify", "2.3", "--note", "看过")
    err = capsys.readouterr().err
    assert code == 2 and "事项 2.3 尚无标注到它的材料，不能核验通过" in err
    assert cli_json(home, "reviews") == []


def test_cli_verify_doc_refuses_a_document_not_tagged_to_the_duty(home, share, capsys):
    make_utf8_txt(share / "财政局" / "2020年度国家重点生态功能区转移支付资金使用情况报告.txt", FUND_REPORT)
    make_utf8_txt(share / "林业局" / "值班表.txt", "2021年春节值班安排表。")
    cli_json(home, "scan")
    docs = {d["source_path"]: d for d in cli_json(home, "documents")}
    fund = docs["财政局/2020年度国家重点生态功能区转移支付资金使用情况报告.txt"]
    other = docs["林业局/值班表.txt"]
    assert "2.3" in fund["items"] and "2.3" not in other["items"]
    code, _ = run_cli(home, "verify", "2.3", "--doc", str(other["id"]))
    err = capsys.readouterr().err
    assert code == 2 and f"文件 #{other['id']} 未标注到事项 2.3" in err
    assert cli_json(home, "reviews") == []
    assert cli_json(home, "verify", "2.3", "--doc", str(fund["id"]))["document_id"] == fund["id"]
