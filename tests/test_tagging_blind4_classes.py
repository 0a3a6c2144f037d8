"""Tagging classes found by reading blind batch 4 (issue 19, third round): each test drops real files
(DOCX, XLSX) into a county home, scans them with the real pipeline and reads the stored tags.

The files are written here in other words than the batch's documents: every test states a class
(what kind of document it is, who filed or issued it, where the topic sits), not one document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import in_window, make_home, scanned_documents
from docgen import make_docx, make_xlsx


def drop_files(share: Path) -> None:
    # -- a budget resolution is the resolution, not the budget execution or the transfer report ---
    make_docx(share / "财政局" / "人大" / "县人大关于预算的决议.docx", [
        "融水苗族自治县第十七届人民代表大会第四次会议关于2019年预算执行情况和2020年预算的决议",
        "（2020年1月8日通过）",
        "会议审查批准了县人民政府提出的2019年预算执行情况和2020年预算的报告。会议要求把中央下达的重点生态功能区转移支付"
        "资金全部纳入一般公共预算管理，优先用于生态保护和改善民生，报告全年转移支付资金使用情况。",
        "2020年全县一般公共预算支出安排37.9亿元。"])
    # -- a department's 自评 report is its self-check, not every indicator it recounts ---------------
    make_docx(share / "水利局" / "考核" / "水利局县域考核工作自评情况.docx", [
        "融水苗族自治县水利局",
        "2020年度县域生态环境质量考核工作自评报告",
        "我局承担的3项任务自评如下：一、2019年全县水土流失面积508.2平方公里，治理面积30.6平方公里，已填报；"
        "二、中小河流治理、小流域综合治理项目的批复、验收材料已整理；三、自查报告按时报送。自评得分90分。",
        "融水苗族自治县水利局", "2020年10月21日"])
    # -- areas given in 平方公里 are areas -------------------------------------------------------------
    make_docx(share / "自然资源局" / "往来函件" / "关于林地草地基础数据的复函.docx", [
        "关于林地草地基础数据的复函", "县林业局、县农业农村局：",
        "来函收悉。按2019年度国土变更调查成果，全县林地3,910.27平方公里，草地71.88平方公里，请据此填报。",
        "融水苗族自治县自然资源和规划局", "2020年10月9日"])
    # -- fund names in passing: a letter, a fiscal-policy digest, the general eco transfer --------
    make_docx(share / "生态环境局" / "资金" / "关于核对环保专项资金的函.docx", [
        "关于核对2020年环保专项资金使用情况的函", "县财政局：",
        "经我局核对，2020年水污染防治资金540万元已支出470万元，大气污染防治资金60万元已全部支出，"
        "农村环境整治资金300万元已支出215万元。请在编制生态转移支付使用情况报告时衔接。",
        "柳州市融水生态环境局", "2020年10月19日"])
    make_docx(share / "财政局" / "政策" / "支持生态保护的财税政策汇总.docx", [
        "支持生态保护的财税政策汇总及成效",
        "一、生态公益林补偿资金按每亩16元发放，2020年发放2,650万元。二、退耕还林补助按期兑现。三、环境保护税依法征收。",
        "成效：森林覆盖率保持79%以上。", "县财政局", "2020年10月"])
    make_docx(share / "财政局" / "资金文件" / "关于下达重点生态功能区转移支付的通知.docx", [
        "关于下达2020年重点生态功能区转移支付资金的通知", "各有关单位：",
        "上级下达我县重点生态功能区转移支付13,500万元，已纳入一般公共预算。其中天然林保护补助1,400万元、"
        "生态公益林补偿900万元、农村环境整治600万元，其余用于基本公共服务。", "融水苗族自治县财政局", "2020年4月2日"])
    # -- another county's paper kept as reference; our own paper in the same folder still counts --
    make_docx(share / "住建局" / "参考资料" / "龙胜县县城污水处理厂运行情况.docx", [
        "龙胜各族自治县县城污水处理厂2020年运行情况报告",
        "县城污水处理厂2020年处理污水410万吨，负荷率86%，在线监测数据有效率98%，出水稳定达到一级A标准。",
        "龙胜各族自治县住房和城乡建设局", "2021年1月6日"])
    make_docx(share / "城管局" / "参考资料" / "罗城县填埋场渗滤液处理记录.docx", [
        "罗城仫佬族自治县生活垃圾填埋场渗滤液处理情况",
        "填埋场2020年收集渗滤液2.1万立方米，处理2.08万立方米，出水达标后排入污水管网。", "罗城县城市管理局"])
    make_docx(share / "生态环境局" / "参考资料" / "县城污水处理厂2020年运行情况（参考）.docx", [
        "融水县县城污水处理厂2020年运行情况",
        "县城污水处理厂2020年处理污水560万吨，负荷率90%，在线监控数据有效传输率99%，出水稳定达标。",
        "柳州市融水生态环境局", "2021年1月8日"])
    # -- a bound set of documents is the sum of its parts ------------------------------------------
    make_docx(share / "林业局" / "考核" / "林业局考核材料合订本.docx", [
        "目  录", "一、林业局2020年生态环境保护工作自查报告", "二、2020年林地面积及森林覆盖率统计表",
        "融水县林业局2020年生态环境保护工作自查报告",
        "我局对2020年生态环境保护工作进行了自查：完成造林1.3万亩，森林抚育2.8万亩，未发生重大森林火灾……",
        "2020年林地面积及森林覆盖率统计表",
        "林地面积 392,110 公顷 | 森林面积 368,020 公顷 | 森林覆盖率 79.6%",
        "融水苗族自治县林业局（印）", "2020年10月20日"])
    # -- a project paper titled by its stage (工程 … 验收) rather than by 「项目」 ---------------------
    make_docx(share / "城管局" / "乡镇垃圾" / "良寨乡垃圾中转站工程竣工验收.docx", [
        "良寨乡生活垃圾中转站建设工程竣工验收意见",
        "2020年8月12日，县城管局组织乡政府、施工、监理单位对良寨乡垃圾中转站进行竣工验收。该站设计规模10吨/日，"
        "配置勾臂车1辆、收集箱8个，已试运行一个月。结论：同意通过验收。", "融水县城市管理行政执法局（印）"])
    # -- a work-safety inspection names plants and projects, but serves no ecological duty --------
    make_docx(share / "住建局" / "质安站" / "汛期在建工程安全生产检查通报.docx", [
        "关于2020年汛期在建工程安全生产检查情况的通报",
        "县质安站对在建房建、市政工程21个开展检查，其中永乐镇污水处理厂及配套管网工程、大浪镇污水处理厂工程"
        "存在临时用电不规范问题，已责令整改。", "县住房和城乡建设局", "2020年6月18日"])
    # -- a village facility of the 美丽乡村 programme is that programme's, not a township plant ----
    make_docx(share / "住建局" / "美丽乡村" / "美丽乡村高培村污水处理设施验收.docx", [
        "美丽乡村建设高培村村庄污水处理设施工程验收意见",
        "2020年9月15日，县住建局、乡政府组织对高培村人工湿地污水处理设施（20立方米/日）及收集管网1.2公里进行验收，"
        "出水达到一级B标准，同意通过验收。", "汪洞乡人民政府（章）"])
    # -- sibling monitoring duties: an enterprise's own monitoring is not the county's monitoring --
    make_docx(share / "生态环境局" / "企业监测" / "某松香厂2020年自行监测年度报告.docx", [
        "融水××松香化工有限公司2020年度自行监测报告",
        "一、监测内容：废水总排口COD、氨氮每月监测，锅炉废气每季度监测，厂界噪声每季度监测。"
        "二、监测结果：全年废水COD均值62mg/L，达标；本年度污染源监测数据已在全国污染源监测信息管理与共享平台公开。",
        "融水××松香化工有限公司", "2021年1月12日"])
    # -- guidance to the member units: a notice setting filling rules, review feedback ------------
    make_docx(share / "生态环境局" / "指导" / "关于统一指标数据填报口径的通知.docx", [
        "关于统一县域考核指标数据填报口径的通知", "各成员单位：",
        "初审发现部分部门报送的指标数据口径不一、佐证材料缺少公章。现明确：面积统一采用2019年度变更调查成果，"
        "化肥施用量填报折纯量；请于10月20日前修改后重新报送。", "县重点生态功能区考核领导小组办公室", "2020年10月15日"])
    make_xlsx(share / "生态环境局" / "审核" / "指标数据审核反馈意见.xlsx", {"反馈": [
        ["县域考核指标及佐证材料审核反馈意见（第二轮）"], ["部门", "指标", "问题", "修改要求"],
        ["林业局", "林地面积", "与自然资源局数据不一致", "统一口径后补充说明"],
        ["城管局", "无害化处理量", "缺地磅记录", "补充称重台账"]]})
    # -- an indicator return counts what projects achieved; it is not a project paper -------------
    make_xlsx(share / "水利局" / "指标" / "2019年水土流失治理情况表.xlsx", {"表": [
        ["2019年水土流失及综合治理情况表"], ["项目", "数值", "单位"],
        ["水土流失面积", 508.2, "平方公里"], ["当年治理面积", 30.6, "平方公里"],
        ["其中：坡耕地综合治理工程（已验收）", 3.0, "平方公里"]]})
    # -- 建成区 is the built-up area, not a finished work --------------------------------------------
    make_docx(share / "城管局" / "无害化" / "县城建成区垃圾清运量核算说明.docx", [
        "关于2020年县城建成区生活垃圾清运量核算的说明",
        "县城建成区生活垃圾经填埋场地磅称重，2020年进场48,920吨，全部无害化处理；另有乡镇转运垃圾17,600吨不计入县城口径。",
        "融水县城市管理行政执法局", "2020年10月18日"])
    # -- a table of the sectors' added value totals them as GDP: it is the added-value return ------
    make_xlsx(share / "统计局" / "指标" / "2019年三次产业增加值.xlsx", {"表": [
        ["2019年三次产业增加值填报表"], ["指标", "2019年", "单位"],
        ["第一产业增加值", 231000, "万元"], ["第二产业增加值", 150500, "万元"], ["第三产业增加值", 402300, "万元"],
        ["地区生产总值", 783800, "万元"]]})
    # -- a year given as a field counts; the time a screen was captured does not ------------------
    make_docx(share / "生态环境局" / "自行监测" / "自行监测信息公开平台截图.docx", [
        "重点排污单位自行监测信息公开平台",
        "所属地区：柳州市 > 融水苗族自治县    年份：2020",
        "企业名称 | 监测方案 | 监测数据公开率 | 年度报告",
        "融水××纸业有限公司 | 已公开 | 98.9% | 已公开",
        "融水××松香化工有限公司 | 已公开 | 97.3% | 已公开",
        "截图时间：2021-01-25 10:32"])
    # -- the red header names the issuer when a scan lost the 落款 --------------------------------
    make_docx(share / "发改局" / "项目批复" / "扫描件011.docx", [
        "融 水苗族自治县发展和改革局文件",
        "融发改〔2019〕88号",
        "关于四荣乡污水处理厂及配套管网工程可行性研究报告的批复",
        "县住房和城乡建设局：",
        "报来《四荣乡污水处理厂及配套管网工程可行性研究报告》收悉。经研究，同意建设四荣乡污水处理厂，设计规模500立方米/日，"
        "配套管网6.2公里，估算总投资1,260万元。项目须于2020年底前建成投运。"])
    make_docx(share / "发改局" / "项目批复" / "扫描件012.docx", [
        "融 水苗族自治县发展和改革局文件",
        "关于县城老城区雨污分流改造工程可行性研究报告的批复",
        "县住房和城乡建设局：",
        "报来《县城老城区雨污分流改造工程可行性研究报告》收悉。经研究，同意实施雨污分流改造，新建污水管网8.6公里，"
        "估算总投资2,380万元。项目须于2020年底前建成。"])
    # -- money for the monitoring is the budget duty, not the monitoring -------------------------
    make_docx(share / "财政局" / "经费" / "关于安排环境质量监测经费的复函.docx", [
        "关于安排2020年环境质量监测工作经费的复函", "柳州市融水生态环境局：",
        "同意将2020年环境质量监测工作经费150万元列入部门预算，其中地表水县控断面监测45万元、空气自动监测站运维50万元、"
        "饮用水水源地水质监测30万元。", "融水苗族自治县财政局", "2020年3月6日"])
    # -- a department's report addressed to the county government is its own self-check ----------
    make_docx(share / "城管局" / "考核" / "关于生态环境保护工作落实情况的报告.docx", [
        "城管局关于生态环境保护工作落实情况的报告（报县政府）",
        "县人民政府：",
        "现将我局2020年生态环境保护工作落实情况报告如下：一、县城生活垃圾全部进入填埋场处理；二、填埋场渗滤液稳定达标；"
        "三、乡镇垃圾收运体系运行正常。", "融水苗族自治县城市管理行政执法局", "2020年10月22日"])


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, dict]:
    home = make_home(tmp_path_factory.mktemp("blind4") / "home")
    drop_files(home / "watch_folders")
    return scanned_documents(home)


def test_a_budget_resolution_serves_only_the_resolution_duty(docs):
    doc = docs["县人大关于预算的决议.docx"]
    assert doc["doc_type"] == "决议"
    assert in_window(doc) == {"2.2"}


def test_a_departments_self_assessment_is_its_self_check_not_its_indicators(docs):
    doc = docs["水利局县域考核工作自评情况.docx"]
    assert doc["doc_type"] == "自查报告"
    assert in_window(doc) == {"5.3"}


def test_areas_in_square_kilometres_are_areas(docs):
    assert "3.1.3" in in_window(docs["关于林地草地基础数据的复函.docx"])


def test_fund_names_in_passing_are_not_the_special_fund_table(docs):
    letter = in_window(docs["关于核对环保专项资金的函.docx"])
    assert "2.4" not in letter and "2.3" not in letter
    assert "2.4" not in in_window(docs["支持生态保护的财税政策汇总.docx"])
    transfer = in_window(docs["关于下达重点生态功能区转移支付的通知.docx"])
    assert "2.4" not in transfer and "2.2" in transfer


def test_another_countys_paper_filed_as_reference_serves_nothing(docs):
    assert in_window(docs["龙胜县县城污水处理厂运行情况.docx"]) == set()
    assert in_window(docs["罗城县填埋场渗滤液处理记录.docx"]) == set()
    # the county's own paper filed among the references still counts
    assert "10.3.3" in in_window(docs["县城污水处理厂2020年运行情况（参考）.docx"])


def test_a_bound_set_of_documents_is_read_as_the_sum_of_its_parts(docs):
    doc = docs["林业局考核材料合订本.docx"]
    assert doc["meta"] is None
    assert {"9.1", "9.3"} <= in_window(doc)


def test_a_departments_report_to_the_county_government_is_its_self_check(docs):
    assert "8.5" in in_window(docs["关于生态环境保护工作落实情况的报告.docx"])


def test_a_project_paper_titled_by_its_stage_is_project_material(docs):
    assert "8.3" in in_window(docs["良寨乡垃圾中转站工程竣工验收.docx"])


def test_a_work_safety_inspection_serves_no_duty(docs):
    assert in_window(docs["汛期在建工程安全生产检查通报.docx"]) == set()


def test_a_village_facility_of_the_beautiful_village_programme_is_not_a_township_plant(docs):
    tags = in_window(docs["美丽乡村高培村污水处理设施验收.docx"])
    assert "4.2" in tags and "4.3" not in tags


def test_an_enterprises_own_monitoring_is_not_the_countys_monitoring(docs):
    tags = in_window(docs["某松香厂2020年自行监测年度报告.docx"])
    assert "10.3.4" in tags and "10.5" not in tags


def test_guidance_to_the_member_units_is_the_guidance_duty(docs):
    assert "10.4" in in_window(docs["关于统一指标数据填报口径的通知.docx"])
    feedback = in_window(docs["指标数据审核反馈意见.xlsx"])
    assert "10.4" in feedback and "10.2" not in feedback


def test_an_indicator_return_is_not_a_project_paper(docs):
    tags = in_window(docs["2019年水土流失治理情况表.xlsx"])
    assert "5.1" in tags and "5.2" not in tags


def test_the_built_up_area_is_not_a_finished_work(docs):
    tags = in_window(docs["县城建成区垃圾清运量核算说明.docx"])
    assert "8.1" in tags and "8.3" not in tags


def test_a_table_of_sector_added_values_is_not_the_gdp_return(docs):
    tags = in_window(docs["2019年三次产业增加值.xlsx"])
    assert "7.1" in tags and "7.2.3" not in tags


def test_a_year_given_as_a_field_counts_and_a_capture_time_does_not(docs):
    doc = docs["自行监测信息公开平台截图.docx"]
    assert doc["years"] == [2020]
    assert "10.3.4" in in_window(doc)


def test_the_red_header_names_the_issuer_when_the_signature_is_lost(docs):
    # 发改局's approval of 住建局's works is 住建局's project evidence: only if 发改局 issued it
    # (a township's sewage works are their own duty, 4.3: a county-town works stands for 4.4 here)
    assert "4.4" in in_window(docs["扫描件012.docx"])


def test_a_plant_named_after_its_township_xiang_is_a_township_facility(docs):
    assert "4.3" in in_window(docs["扫描件011.docx"])


def test_money_for_the_monitoring_is_not_the_monitoring(docs):
    tags = in_window(docs["关于安排环境质量监测经费的复函.docx"])
    assert "2.5" in tags and "10.5" not in tags
