"""The eco bureau's share of sorting out the special transfers (10.4) as county homes file it: its own
account of the special funds it runs, sent to the finance bureau or published, and a table the two
bureaus worked out together (「财政局、生态环境局联合审核」) filed in the finance bureau's folder. Read
from the labelled splits' checklist disagreements (session 13): 10.4 stood missing in 8 of 33 county
homes whose reviewers called it present. Real files dropped into a county home, scanned by the real
pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def fund_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("funds") / "home")
    share = home / "watch_folders"
    make_docx(share / "生态环境局" / "资金" / "关于2020年生态环境保护专项资金使用情况的报告.docx", [
        "柳州市融水生态环境局", "关于2020年生态环境保护专项资金使用情况的报告", "县财政局：",
        "现将我局承担的2020年生态环境保护专项资金使用情况报告如下：水污染防治资金下达760万元，已支出530万元；"
        "农村环境整治资金下达940万元，已支出702万元。", "柳州市融水生态环境局 2020年10月12日",
    ])
    make_xlsx(share / "财政局" / "2020考核" / "2.4专项" / "生态环保专项资金明细表（两局核对版）.xlsx", {"明细": [
        ["2019—2020年生态环保类专项转移支付资金明细表"],
        ["资金名称", "2019年（万元）", "2020年（万元）", "主管部门"],
        ["水污染防治资金", 620, 588, "生态环境局"],
        ["土壤污染防治资金", 120, 96, "生态环境局"],
        ["农村环境整治资金", 800, 760, "生态环境局"],
        ["编制：县财政局资环股、柳州市融水生态环境局规财股（联合梳理）"],
    ]})
    return scanned_documents(home)


def test_the_eco_bureaus_account_of_its_special_funds_is_its_share_of_the_sorting_out(fund_docs):
    assert "10.4" in in_window(fund_docs["关于2020年生态环境保护专项资金使用情况的报告.docx"])


def test_a_table_the_two_bureaus_sorted_out_together_is_each_ones(fund_docs):
    tags = in_window(fund_docs["生态环保专项资金明细表（两局核对版）.xlsx"])
    assert {"2.4", "10.4"} <= tags
