"""Classes found by reading blind47 (issue 19, round fifty-one), after it was measured once: villages
and farming; the county town's sewage plant and landfill in operation. The county-town plant named
at its address in the county town (「融水镇新国村县城污水处理厂」) is no township's facility; a request to
pay the plant's service fee is a payment paper, not its running data; the landfill's own
self-monitoring report (leachate effluent, the site's wells) is its leachate and surroundings record;
an acceptance report filed with its ledger of facilities is the project's paper; a note that the table
leaves figures out (「本表不含」) gives none of them. The ledger alone and the township's own plant
guard what did not change (they pass before too). Real files dropped into a county home, scanned by
the real pipeline, tags read back.
"""

from __future__ import annotations

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


@pytest.fixture(scope="module")
def round51_docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind47") / "home")
    share = home / "watch_folders"
    make_docx(share / "住建局" / "2020考核" / "项目资料" / "县城污水处理厂提标改造初步设计批复.docx", [
        "融水苗族自治县发展和改革局文件", "融发改〔2019〕118号",
        "融水苗族自治县发展和改革局关于融水县城污水处理厂提标改造工程初步设计及概算的批复", "县住房和城乡建设局：",
        "一、同意融水县城污水处理厂提标改造工程初步设计。", "二、建设地点：融水镇新国村县城污水处理厂现有厂区内，不新增用地。",
        "三、处理规模维持2.0万m³/d，出水由一级B标准提升至一级A标准。", "融水苗族自治县发展和改革局 2019年8月12日",
    ])
    make_docx(share / "住建局" / "2020考核" / "乡镇污水" / "和睦镇污水处理站工程竣工验收意见.docx", [
        "和睦镇污水处理站工程竣工验收意见", "建设单位：融水苗族自治县住房和城乡建设局",
        "工程建设地点：和睦镇下覃村，新建污水处理站1座（规模500m³/d）及配套管网3.2公里。",
        "验收组同意通过竣工验收。", "2020年6月18日",
    ])
    make_docx(share / "住建局" / "2020考核" / "污水处理率" / "关于拨付第二季度县城污水处理服务费的请示.docx", [
        "融水苗族自治县住房和城乡建设局", "融建报〔2020〕41号", "关于拨付2020年第二季度县城污水处理服务费的请示",
        "县人民政府：", "根据县城污水处理厂特许经营协议，污水处理服务费按季度结算。2020年第二季度县城污水处理厂处理水量162.4万m³，"
        "应付服务费159.15万元。恳请拨付。", "融水苗族自治县住房和城乡建设局 2020年7月20日",
    ])
    make_docx(share / "城管局" / "2020考核" / "渗滤液及周边监测" / "填埋场2020年第二季度自行监测报告.docx", [
        "柳州市中正环境检测有限公司", "检测报告", "委托单位：融水县城生活垃圾卫生填埋场", "检测类别：自行监测（2020年第二季度）",
        "一、渗滤液处理站出水：COD 54mg/L，氨氮6.82mg/L，达标。",
        "二、地下水监测井：JC1本底井、JC2扩散井、JC3扩散井、JC4监视井各项指标满足Ⅲ类标准。", "2020年6月22日",
    ])
    make_docx(share / "农业农村局" / "县域考核2020" / "项目资料" / "畜禽粪污资源化利用项目县级验收报告及设施台账.docx", [
        "融水苗族自治县农业农村局", "2019年畜禽粪污资源化利用项目县级验收报告",
        "项目补助资金350万元，12家规模养殖场新建沼液池、固液分离机等粪污处理设施，2020年7月组织县级验收，验收合格。",
        "附件：项目实施养殖场设施台账", "融水苗族自治县农业农村局 2020年7月20日",
    ])
    make_docx(share / "农业农村局" / "县域考核2020" / "项目资料" / "2020年规模养殖场粪污处理设施台账.docx", [
        "2020年规模养殖场粪污处理设施台账", "序号 养殖场 乡镇 畜种 设施 配套率",
        "1 大浪镇某生态农业有限公司 大浪镇 生猪 沼液池1200m³ 100%", "2 永乐镇某牧业有限公司 永乐镇 生猪 异位发酵床 100%",
    ])
    make_xlsx(share / "自然资源局" / "2020县域考核" / "指标填报" / "2019年建设用地及未利用地指标填报表.xlsx", {"Sheet1": [
        ["融水苗族自治县2019年县域生态环境质量考核指标填报表（自然资源局部分）"],
        ["单位：公顷"],
        ["指标类别", "指标名称", "2019年"],
        ["国土面积", "国土面积", "466374.00"],
        ["耕地和建设用地", "城镇建设用地", "1450.27"],
        ["耕地和建设用地", "农村居民用地", "6880.12"],
        ["未利用地", "裸地", "2102.95"],
        ["（耕地、林地、草地、水域湿地由农业农村局、林业局、水利局分别填报，本表不含）"],
    ]})
    return scanned_documents(home)


def test_the_county_town_plant_at_its_address_in_the_town_is_no_townships_facility(round51_docs):
    tags = in_window(round51_docs["县城污水处理厂提标改造初步设计批复.docx"])
    assert "4.3" not in tags
    assert "4.4" in tags


def test_a_townships_own_plant_still_is(round51_docs):
    assert "4.3" in in_window(round51_docs["和睦镇污水处理站工程竣工验收意见.docx"])


def test_a_request_to_pay_the_plants_fee_is_not_its_running_data(round51_docs):
    assert "10.3.3" not in in_window(round51_docs["关于拨付第二季度县城污水处理服务费的请示.docx"])


def test_the_landfills_own_self_monitoring_report_is_its_leachate_and_surroundings_record(round51_docs):
    assert "8.2" in in_window(round51_docs["填埋场2020年第二季度自行监测报告.docx"])


def test_an_acceptance_report_filed_with_its_ledger_is_the_projects_paper(round51_docs):
    assert "6.5" in in_window(round51_docs["畜禽粪污资源化利用项目县级验收报告及设施台账.docx"])


def test_a_ledger_alone_is_still_no_project_paper(round51_docs):
    assert "6.5" not in in_window(round51_docs["2020年规模养殖场粪污处理设施台账.docx"])


def test_a_note_that_the_table_leaves_figures_out_gives_none_of_them(round51_docs):
    tags = in_window(round51_docs["2019年建设用地及未利用地指标填报表.xlsx"])
    assert "3.1.2" not in tags
    assert "3.1.1" in tags
