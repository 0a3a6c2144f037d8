"""Classes found by reading blind40 (issue 19, round forty-four), after it was measured once: photo
sheets with captions; monthly, quarterly and half-year returns. The land-use supplementary table is
the return it is named as, whatever classes its title says it details; a ledger's 「资金（万元）」 column
and a yearbook table's 「项目 单位」 columns make no fund paper and no project; the supervisory
monitoring of the pollution sources, once the county government has confirmed it, is the county's
pollution-source report, while a project ledger naming the monitoring reports it keeps is no
monitoring; the table of how the negative list was applied is not the list; the landfill's own
monthly return records the month's leachate. Real files dropped into a county home, scanned by the
real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round44_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind40") / "home")
    share = home / "watch_folders"
    make_xlsx(share / "自然资源局" / "2020考核" / "3.2土地利用" / "补充表2019.xlsx", {"补充表": [
        ["融水县2019年土地利用补充表（水域湿地明细）"],
        ["指标", "细类", "2019年（公顷）", "备注"],
        ["水域湿地", "河流水面", 6388.4, "融江、贝江干流"],
        ["", "湖库", 2977.1, "含坑塘水面"],
        ["", "滩涂湿地", 905.6, ""],
        ["", "沼泽", 41.3, ""],
        ["填表：自然资源局调查股", "", "2020年10月12日", ""],
    ]})
    make_xlsx(share / "生态环境局" / "2020考核" / "10.3监管" / "连片整治" / "整治项目清单.xlsx", {"项目": [
        ["融水县农村环境综合整治项目影像资料索引（2019—2020年）"],
        ["序号", "项目名称", "乡镇", "建设内容", "资金(万元)", "完工时间"],
        [1, "同练乡农村环境综合整治项目", "同练乡", "一体化污水设施2座、垃圾收集池10座", 156.0, "2019-12"],
        [2, "滚贝乡农村环境综合整治项目", "滚贝乡", "人工湿地1处、管网2.1公里", 133.5, "2020-09"],
    ]})
    make_xlsx(share / "统计局" / "2020考核" / "7.2基本情况" / "年鉴摘录.xlsx", {"表1": [
        ["融水县统计年鉴（2019年数据） 行政区划和土地"],
        ["项目", "单位", "2019年"],
        ["土地总面积", "平方公里", 4665.0],
        ["乡镇个数", "个", 20],
        ["行政村", "个", 206],
        ["自然村", "个", 2037],
    ]})
    make_docx(share / "生态环境局" / "2020考核" / "10.5监测" / "上半年污染源监督性监测报告（县政府确认）.docx", [
        "融水苗族自治县2020年上半年重点污染源监督性监测报告",
        "编制单位：柳州市融水生态环境局监测站", "确认单位：融水苗族自治县人民政府（盖章）",
        "一、监测概况", "上半年对纳入监督性监测的4家重点污染源各开展监测2次，国控源为县城污水处理厂。",
        "二、监测结果", "各污染源监测因子均达标排放。",
    ])
    make_xlsx(share / "生态环境局" / "2020考核" / "10.3监管" / "连片整治" / "整治项目季度台账.xlsx", {"台账": [
        ["融水县农村环境综合整治项目进度台账（2020年三季度）"],
        ["项目名称", "建设内容", "进度", "验收"],
        ["白云乡饮用水水源地保护项目", "白云村水源地隔离网2.6km、标识牌18块", "90%", "—"],
        ["良寨乡农村环境综合整治项目", "污水处理设施5处", "100%", "2020-08-20县级验收"],
        ["附件：各项目验收意见、出水监测报告（另册）"],
    ]})
    make_docx(share / "发改局" / "2020考核" / "1.4准入说明" / "上半年负面清单执行情况报告.docx", [
        "融水苗族自治县发展和改革局", "融发改报〔2020〕33号",
        "关于报送2020年上半年产业准入负面清单执行情况的报告", "柳州市发展和改革委员会：",
        "上半年我局受理审批、核准、备案项目38个，均对照负面清单逐项比对，未发现禁止类项目。",
        "附件：2020年1—6月负面清单执行情况统计表", "融水苗族自治县发展和改革局 2020年7月8日", "\f",
        "附件", "2020年1—6月负面清单执行情况统计表", "指标　本期　上年同期",
        "受理项目数（个）　38　30", "涉及限制类项目（个）　1　2", "涉及禁止类项目（个）　0　0",
    ])
    make_docx(share / "城管局" / "2020考核" / "8.2渗滤液" / "填埋场运行月报2020年7月.docx", [
        "融水县生活垃圾卫生填埋场运行月报（2020年7月）", "报送：县城管局",
        "一、垃圾进场：7月进场生活垃圾3,702.5吨，日均119.4吨。",
        "二、渗滤液收集处理：本月渗滤液产生量1,580立方米，处理量1,611立方米，出水达标。",
        "三、设备运行正常。", "2020年8月3日",
    ])
    return scanned_documents(home)


def test_a_supplementary_table_titled_by_its_classes_is_the_land_use_return(round44_docs):
    assert {"3.2", "3.1.2"} <= in_window(round44_docs["补充表2019.xlsx"])


def test_a_ledgers_money_column_makes_no_fund_paper(round44_docs):
    assert "10.3.1" in in_window(round44_docs["整治项目清单.xlsx"])


def test_a_yearbook_tables_item_and_unit_columns_name_no_project(round44_docs):
    assert "7.2.1" in in_window(round44_docs["年鉴摘录.xlsx"])


def test_the_confirmed_supervisory_monitoring_is_the_countys_pollution_source_report(round44_docs):
    assert "10.5" in in_window(round44_docs["上半年污染源监督性监测报告（县政府确认）.docx"])


def test_a_project_ledger_naming_monitoring_reports_is_no_monitoring(round44_docs):
    tags = in_window(round44_docs["整治项目季度台账.xlsx"])
    assert "10.3.1" in tags and "10.5" not in tags


def test_the_table_of_how_the_negative_list_was_applied_is_not_the_list(round44_docs):
    tags = in_window(round44_docs["上半年负面清单执行情况报告.docx"])
    assert "1.4" in tags and "1.1" not in tags


def test_the_landfills_monthly_return_records_the_leachate(round44_docs):
    assert "8.2" in in_window(round44_docs["填埋场运行月报2020年7月.docx"])
