"""Generate a realistic, deterministic corpus of county evidence documents.

Usage::

    python bench/make_corpus.py --docs 2000 --seed 1 --out /tmp/corpus [--scan-share 0.05]

Files land in ``OUT/<department>/<year>/<file>`` and ``OUT/manifest.json``
records, per file, its department, format, page count and the *tracked
phrases* planted in it (document numbers, cited document numbers, project,
company and report names).  Tracked phrases are emitted only through the
planting mechanism, so inverting the manifest gives the exact set of files
containing each one: a benchmark can measure recall without trusting the
system under test.

Body text mixes domain sentences (indicators, towns, projects, amounts) with
filler built from jieba's dictionary, so posting lists have a realistic
long tail instead of a few hundred repeated words.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import random
import re
import sys
import time
from bisect import bisect
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
if str(_REPO) not in sys.path:
    sys.path.insert(0, str(_REPO))

from tests import docgen  # noqa: E402

# ----------------------------------------------------------------------------
# Static domain pools
# ----------------------------------------------------------------------------

COUNTY = "融水苗族自治县"
TOWNS = [
    "融水镇", "和睦镇", "三防镇", "怀宝镇", "洞头镇", "大浪乡", "永乐镇", "四荣乡", "香粉乡", "安太乡",
    "汪洞乡", "同练瑶族乡", "滚贝侗族乡", "杆洞乡", "红水乡", "白云乡", "大年乡", "拱洞乡", "良寨乡", "安陲乡",
]
VILLAGE_SUFFIX = ["村", "屯", "社区"]
VILLAGE_HEADS = [
    "小桑", "雨卜", "元宝", "田头", "培秀", "林洞", "高培", "归江", "乌吉", "新寨", "江门", "古龙",
    "国里", "整垛", "龙培", "荣塘", "平卯", "下寨", "大坪", "达言", "尧告", "吉羊", "白毛", "良双",
]
RIVERS = ["融江", "贝江", "大年河", "英洞河", "田头河", "香粉河", "杆洞河", "寿洞河", "安太河", "四荣河"]
SECTIONS = ["融江大浪断面", "贝江河口断面", "融江和睦断面", "贝江三防断面", "大年河出境断面", "英洞河入境断面"]
RESERVES = ["元宝山国家级自然保护区", "九万山国家级自然保护区", "贝江自治区级风景名胜区", "融水国家森林公园"]
LABS = ["广西华测检测认证有限公司", "柳州市环境监测站", "广西中科检测技术服务有限公司", "柳州谱尼测试有限公司"]

INDICATORS = [
    "林地覆盖率", "草地覆盖率", "水域湿地覆盖率", "耕地和建设用地比例", "受保护区域面积所占比例",
    "主要污染物排放强度", "污染源排放达标率", "断面水质达标率", "空气质量达标率", "城镇生活污水处理率",
    "集中式饮用水水源地水质达标率", "优良天数比例", "城镇生活垃圾无害化处理率", "森林覆盖率",
    "城镇生活污水集中处理率", "畜禽粪污综合利用率", "秸秆综合利用率", "化肥使用量", "农药使用量",
    "Ⅲ类及以上水质达标率", "生态环境状况指数", "水土流失治理面积", "石漠化治理面积",
]
POLICIES = [
    ("关于加强“十三五”国家重点生态功能区县域生态环境质量监测评价与考核工作的通知", "环办监测函〔2017〕279号"),
    ("广西重点生态功能区县域生态环境质量监测评价与考核办法（试行）", "桂环发〔2017〕20号"),
    ("广西第二批重点生态功能区县产业准入负面清单（试行）", "桂发改规划〔2017〕1652号"),
    ("国家重点生态功能区县域生态环境质量考核办法", "环发〔2011〕18号"),
    ("国家重点生态功能区县域生态环境质量考核实施细则（试行）", "环办〔2014〕96号"),
    ("融水苗族自治县2020年国家重点生态功能区县域生态环境质量监测、评价与考核工作实施方案", "融政办发〔2020〕67号"),
    ("中央对地方重点生态功能区转移支付办法", "财预〔2019〕94号"),
    ("城镇污水处理厂污染物排放标准", "GB 18918-2002"),
    ("地表水环境质量标准", "GB 3838-2002"),
    ("生活垃圾填埋场污染控制标准", "GB 16889-2008"),
]
PROJECT_TYPES = [
    "污水处理厂配套管网工程", "生活垃圾转运站建设项目", "农村饮水安全巩固提升工程", "小流域水土保持综合治理工程",
    "石漠化综合治理工程", "人居环境整治示范项目", "畜禽粪污资源化利用项目", "河道生态修复工程",
    "矿山地质环境恢复治理工程", "乡镇污水处理设施建设项目", "生态护岸工程", "油茶低产林改造项目",
    "退耕还林巩固项目", "饮用水水源地规范化建设项目", "农村生活垃圾收运体系建设项目", "森林抚育项目",
    "高标准农田建设项目", "生态公益林管护项目", "水源涵养林建设工程", "中小河流治理工程",
]
COMPANY_HEADS = ["鑫源", "华盛", "贝江", "元宝", "苗乡", "杉海", "金桂", "宏达", "绿源", "融发", "大苗山", "九万", "祥和", "恒信"]
COMPANY_TYPES = ["木业有限公司", "砖厂", "石场", "竹制品有限公司", "养殖专业合作社", "建材有限公司", "矿业有限公司", "茶业有限公司"]
PEOPLE = ["韦宙章", "杨明世", "黄国荣", "唐兰珍", "韦树生", "黄开龙", "廖春生", "蒋劲华", "欧海平", "韦琦锋", "王志明", "贾江勇",
          "梁秀英", "吴光明", "石玉兰", "贾小平", "龙建华", "潘海燕", "杨德胜", "韦金凤"]


@dataclass(frozen=True)
class Dept:
    folder: str
    full: str
    prefix: str  # 文号 prefix, e.g. 融发改
    keywords: tuple[str, ...]


DEPTS: dict[str, Dept] = {d.folder: d for d in [
    Dept("发改局", "融水苗族自治县发展和改革局", "融发改",
         ("产业准入负面清单", "限制类", "禁止类", "淘汰落后产能", "升级改造", "可行性研究", "项目代码", "备案", "国民经济行业分类")),
    Dept("财政局", "融水苗族自治县财政局", "融财",
         ("转移支付", "下达", "拨付", "支出", "绩效目标", "1100226", "211科目", "决算", "记账凭证", "预算")),
    Dept("自然资源局", "融水苗族自治县自然资源和规划局", "融自然资",
         ("土地利用现状", "变更调查", "耕地", "园地", "林地", "草地", "城镇村及工矿用地", "生态保护红线", "矿山复绿", "公顷")),
    Dept("住建局", "融水苗族自治县住房和城乡建设局", "融建",
         ("污水处理厂", "处理量", "负荷率", "在线监测", "进水", "出水", "COD", "氨氮", "服务人口", "竣工验收")),
    Dept("水利局", "融水苗族自治县水利局", "融水利",
         ("水土保持", "治理面积", "河长制", "水源保护区", "界标", "隔离防护", "用水总量", "水资源公报", "巡河")),
    Dept("农业农村局", "融水苗族自治县农业农村局", "融农",
         ("人居环境", "改厕", "垃圾收运", "禁养区", "粪污", "综合利用率", "化肥", "农药", "减量增效")),
    Dept("统计局", "融水苗族自治县统计局", "融统",
         ("统计公报", "比上年增长", "常住人口", "地区生产总值", "一般公共预算收入", "城镇化率", "居民人均可支配收入")),
    Dept("城管局", "融水苗族自治县城市管理行政执法局", "融城管",
         ("无害化", "填埋", "吨/日", "清运", "渗滤液", "称重台账", "垃圾填埋场", "转运站")),
    Dept("林业局", "融水苗族自治县林业局", "融林",
         ("林地", "森林覆盖率", "蓄积量", "二类调查", "保护区", "巡护", "核心区", "造林", "成活率", "公益林")),
    Dept("生态环境局", "柳州市融水生态环境局", "柳融环",
         ("监测报告", "采样", "CMA", "标准限值", "达标", "水源地", "优良天数", "PM2.5", "突发环境事件", "排放口")),
]}


@dataclass(frozen=True)
class Template:
    title: str
    doc_type: str  # 报告 说明 批复 通知 统计表 台账 清单 验收 监测报告 决定书 公报
    table: str | None  # table generator name
    stamped: bool  # typical of scanned, sealed paper


# Title patterns follow DOMAIN.md §2; slots: {year} {prev} {town} {project}
# {company} {river} {month} {quarter} {reserve} {dept}.
TEMPLATES: dict[str, list[Template]] = {
    "发改局": [
        Template("关于{project}可行性研究报告的批复", "批复", None, True),
        Template("关于{project}立项的批复", "批复", None, True),
        Template("{project}项目备案证明", "说明", None, True),
        Template("{year}年产业准入负面清单执行情况自查报告", "报告", "negative", False),
        Template("融水县重点生态功能区产业准入负面清单", "清单", "negative", False),
        Template("关于{company}关停（淘汰落后产能）情况的说明", "说明", None, True),
        Template("{dept}关于{year}年度县域生态环境质量考核工作的自查报告", "报告", "indicators", False),
    ],
    "财政局": [
        Template("{year}年度国家重点生态功能区转移支付资金使用情况报告", "报告", "funds", False),
        Template("关于下达{year}年重点生态功能区转移支付资金的通知", "通知", "funds", True),
        Template("{year}年节能环保支出（211科目）决算表", "统计表", "funds", False),
        Template("{year}年资金拨付凭证（{project}）", "台账", "funds", True),
        Template("重点生态功能区转移支付绩效自评报告（{year}年度）", "报告", "indicators", False),
        Template("{dept}{year}年度县域生态环境质量考核工作总结", "报告", None, False),
    ],
    "自然资源局": [
        Template("融水县{year}年土地利用现状（变更调查）统计表", "统计表", "landuse", False),
        Template("{town}土地利用信息表（{year}年）", "统计表", "landuse", False),
        Template("{company}矿山地质环境恢复治理工程验收意见", "验收", None, True),
        Template("关于生态保护红线和自然保护地情况的说明", "说明", None, True),
        Template("{dept}关于{year}年度县域生态环境质量考核工作的自查报告", "报告", "indicators", False),
    ],
    "住建局": [
        Template("融水县城污水处理厂{year}年运行情况报告", "报告", "sewage", False),
        Template("{town}污水处理厂进出水在线监测数据（{year}年{month}月报）", "统计表", "sewage", False),
        Template("{town}污水处理厂工程竣工验收报告", "验收", None, True),
        Template("{year}年城镇生活污水集中处理率计算说明", "说明", "indicators", False),
        Template("关于{project}竣工环境保护验收意见", "验收", None, True),
    ],
    "水利局": [
        Template("关于{river}小流域水土保持综合治理工程竣工验收的批复", "批复", None, True),
        Template("集中式饮用水水源保护区规范化建设情况（{town}）", "报告", None, False),
        Template("{year}年河长制工作总结", "报告", "river", False),
        Template("融水苗族自治县{year}年水资源公报", "公报", "indicators", False),
        Template("{river}河段巡河记录台账（{year}年）", "台账", "river", False),
    ],
    "农业农村局": [
        Template("{year}年农村人居环境整治工作总结", "报告", "generic", False),
        Template("{town}农村环境综合整治项目验收意见", "验收", None, True),
        Template("融水县畜禽养殖禁养区划定方案", "通知", None, True),
        Template("{year}年畜禽粪污资源化利用工作报告", "报告", "generic", False),
        Template("{year}年化肥农药使用量零增长行动总结", "报告", "indicators", False),
    ],
    "统计局": [
        Template("融水苗族自治县{year}年国民经济和社会发展统计公报", "公报", "stats", False),
        Template("{year}年主要经济指标统计表", "统计表", "stats", False),
        Template("关于{year}年常住人口数据的情况说明", "说明", None, True),
    ],
    "城管局": [
        Template("{year}年生活垃圾无害化处理率情况说明", "说明", "indicators", False),
        Template("融水县生活垃圾填埋场无害化等级评定报告", "报告", None, True),
        Template("垃圾填埋场渗滤液检测报告（{year}年第{quarter}季度）", "监测报告", "monitor", True),
        Template("垃圾填埋场进场称重台账（{year}年{month}月）", "台账", "weigh", False),
    ],
    "林业局": [
        Template("{year}年林地年度变更调查成果", "统计表", "forest", False),
        Template("关于{year}年森林覆盖率的情况说明", "说明", "forest", True),
        Template("{reserve}管理情况报告", "报告", None, False),
        Template("{town}植树造林工程验收报告", "验收", None, True),
        Template("{town}石漠化综合治理工程验收意见", "验收", None, True),
    ],
    "生态环境局": [
        Template("融水县{year}年度国家重点生态功能区县域生态环境质量考核自查报告", "报告", "indicators", False),
        Template("{year}年第{quarter}季度地表水（县控断面）监测报告", "监测报告", "monitor", True),
        Template("集中式饮用水水源地水质监测报告（{year}年{month}月）", "监测报告", "monitor", True),
        Template("{year}年环境空气质量优良天数统计", "统计表", "air", False),
        Template("重点污染源监督性监测报告（{company}）", "监测报告", "monitor", True),
        Template("关于{year}年度未发生突发环境事件的情况说明", "说明", None, True),
        Template("行政处罚决定书（{company}）", "决定书", None, True),
    ],
}

FORMAT_SHARES = {"docx": 0.45, "pdf": 0.35, "xlsx": 0.15}
SCAN_FORMATS = [("jpg", 0.4), ("png", 0.3), ("scan_pdf", 0.3)]

CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as written in dates (十二, 二十八)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def fmt_date(rng: random.Random, year: int, month: int | None = None, day: int | None = None) -> str:
    month = month or rng.randint(1, 12)
    day = day or rng.randint(1, 28)
    if rng.random() < 0.35:
        return "".join(CN_DIGITS[int(c)] for c in str(year)) + f"年{cn_number(month)}月{cn_number(day)}日"
    return f"{year}年{month}月{day}日"


# ----------------------------------------------------------------------------
# Vocabulary from jieba's dictionary
# ----------------------------------------------------------------------------

_CJK_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_POS_GROUPS = {"n": ("n", "nz", "vn", "an"), "v": ("v",), "a": ("a", "ad", "b", "z"), "d": ("d",), "i": ("i", "l")}


class Vocab:
    """Frequency-weighted random words by coarse part of speech."""

    def __init__(self, dict_path: Path | None):
        groups: dict[str, list[tuple[str, float]]] = {g: [] for g in _POS_GROUPS}
        pos_to_group = {p: g for g, ps in _POS_GROUPS.items() for p in ps}
        if dict_path and dict_path.exists():
            with open(dict_path, encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) < 3:
                        continue
                    word, freq, pos = parts[0], int(parts[1]), parts[2]
                    g = pos_to_group.get(pos)
                    if g is None or freq < 3 or not _CJK_RE.match(word):
                        continue
                    # freq**0.6 flattens the head so the tail gets used: a
                    # corpus of a few thousand docs then has >100k distinct words.
                    groups[g].append((word, freq ** 0.6))
        fallback = {"n": "工作", "v": "推进", "a": "重要", "d": "进一步", "i": "实事求是"}
        self.words: dict[str, list[str]] = {}
        self.cum: dict[str, list[float]] = {}
        for g, items in groups.items():
            if not items:
                items = [(fallback[g], 1.0)]
            items.sort()
            self.words[g] = [w for w, _ in items]
            self.cum[g] = list(accumulate(wt for _, wt in items))

    def pick(self, rng: random.Random, group: str) -> str:
        cum = self.cum[group]
        return self.words[group][bisect(cum, rng.random() * cum[-1]) if len(cum) > 1 else 0]

    def size(self) -> int:
        return sum(len(v) for v in self.words.values())


def _find_jieba_dict() -> Path | None:
    try:
        import jieba

        p = Path(jieba.__file__).resolve().parent / "dict.txt"
        return p if p.exists() else None
    except ImportError:
        return None


_GENERIC_PATTERNS = [
    "{d}{v}{n}和{n}，{v}{a}的{n}。",
    "在{n}{v}过程中，{n}{d}{v}，{v}{n}{n}。",
    "{i}，{v}{n}{n}，{d}{v}{n}。",
    "{n}、{n}、{n}等{n}{d}{v}，{n}{v}{a}。",
    "围绕{n}{n}，{d}{v}{n}，{v}{n}工作{a}。",
    "{n}是{n}的{a}{n}，要{d}{v}{n}与{n}的关系。",
    "通过{v}{n}，{n}{v}明显，{n}{d}{v}。",
    "各{n}要{v}{n}意识，{v}{i}的{n}。",
]


def generic_sentence(rng: random.Random, vocab: Vocab) -> str:
    pattern = rng.choice(_GENERIC_PATTERNS)
    return re.sub(r"\{(\w)\}", lambda m: vocab.pick(rng, m.group(1)), pattern)


# ----------------------------------------------------------------------------
# Per-document text generation
# ----------------------------------------------------------------------------

@dataclass
class Plan:
    index: int
    dept: str
    template: int
    fmt: str
    pages: int
    year: int  # issue year (folder); data year is usually year-1
    title: str
    doc_no: str | None
    project: str
    company: str
    rel_path: str = ""


@dataclass
class Writer:
    """Generates one document's text and records every tracked phrase it emits."""

    plan: Plan
    rng: random.Random
    vocab: Vocab
    pools: dict
    planted: list[str] = field(default_factory=list)

    @property
    def dept(self) -> Dept:
        return DEPTS[self.plan.dept]

    def plant(self, phrase: str) -> str:
        if phrase not in self.planted:
            self.planted.append(phrase)
        return phrase

    # -- slot fillers ------------------------------------------------------
    def town(self) -> str:
        return self.rng.choice(TOWNS)

    def village(self) -> str:
        return self.town() + self.rng.choice(VILLAGE_HEADS) + self.rng.choice(VILLAGE_SUFFIX)

    def project(self) -> str:
        return self.plant(self.rng.choice(self.pools["projects"]))

    def company(self) -> str:
        return self.plant(self.rng.choice(self.pools["companies"]))

    def cite(self) -> str:
        if self.rng.random() < 0.5:
            name, no = self.rng.choice(POLICIES)
            if no.startswith("GB"):
                return f"《{name}》（{no}）"
            return f"《{name}》（{self.plant(no)}）"
        dept = DEPTS[self.rng.choice(list(DEPTS))]
        y = self.plan.year - self.rng.randint(0, 2)
        no = self.plant(f"{dept.prefix}〔{y}〕{self.rng.randint(1, 160)}号")
        return f"《{dept.full}关于{self.rng.choice(PROJECT_TYPES)}有关事项的通知》（{no}）"

    def amount(self) -> str:
        return f"{self.rng.lognormvariate(4.5, 1.3):.2f}"

    def pct(self) -> str:
        return f"{self.rng.uniform(55, 99.9):.1f}"

    def num(self, lo: int = 10, hi: int = 99999) -> str:
        return str(self.rng.randint(lo, hi))

    def data_year(self) -> int:
        return self.plan.year - 1 if self.rng.random() < 0.7 else self.plan.year

    # -- sentences ---------------------------------------------------------
    def domain_sentence(self) -> str:
        r = self.rng
        y = self.data_year()
        kw = r.choice(self.dept.keywords)
        ind = r.choice(INDICATORS)
        choices = [
            lambda: f"{y}年，{self.project()}完成建设，总投资{self.amount()}万元，其中中央资金{self.amount()}万元。",
            lambda: f"全县{ind}为{self.pct()}%，比上年{r.choice(['提高', '下降', '持平于'])}{r.uniform(0.1, 5):.1f}个百分点。",
            lambda: f"根据{self.cite()}要求，我局认真做好{kw}相关工作。",
            lambda: f"{self.town()}共清运生活垃圾{self.num(100, 20000)}吨，无害化处理率达{self.pct()}%。",
            lambda: f"截至{y}年{r.randint(1, 12)}月底，{kw}累计完成{self.num(1, 500)}项，涉及{self.village()}等{self.num(2, 60)}个村屯。",
            lambda: f"{r.choice(RIVERS)}{r.choice(SECTIONS)[-4:]}水质监测结果为{r.choice(['Ⅱ', 'Ⅲ', 'Ⅱ', 'Ⅰ'])}类，达到考核要求。",
            lambda: f"县城污水处理厂设计规模{r.choice(['1.5', '2.0', '3.0'])}万吨/日，{y}年累计处理污水{r.uniform(300, 900):.1f}万吨，平均负荷率{self.pct()}%。",
            lambda: f"{self.company()}已于{y}年{r.randint(1, 12)}月完成{r.choice(['关停', '升级改造', '整改', '搬迁'])}，经现场核实，{r.choice(['生产设备已拆除', '排放口已封堵', '整改到位', '未发现违规生产'])}。",
            lambda: f"下达{self.project()}资金{self.amount()}万元，已拨付{self.amount()}万元，支出进度{self.pct()}%。",
            lambda: f"全县林地面积{r.uniform(380000, 420000):.2f}公顷，森林覆盖率{r.uniform(76, 80):.2f}%，活立木蓄积量{r.uniform(2000, 3000):.1f}万立方米。",
            lambda: f"{r.choice(RESERVES)}全年开展巡护{self.num(50, 400)}次，核心区未发现{r.choice(['乱砍滥伐', '非法狩猎', '违规建设'])}行为。",
            lambda: f"我县属于{r.choice(['水源涵养', '生物多样性维护'])}型国家重点生态功能区，{kw}是考核的重要内容。",
            lambda: f"经核实，{y}年度我县未发生人为因素引发的突发环境事件，{r.choice(['特此说明', '无生态破坏事件'])}。",
            lambda: f"由{r.choice(LABS)}按{r.choice(['月', '季度', '半年'])}采样监测，报告编号{self.plant(self.report_no())}，各项指标均未超过标准限值。",
            lambda: f"{r.choice(PEOPLE)}同志带队对{self.town()}{kw}情况开展督查，发现问题{self.num(1, 30)}个，已整改{self.num(1, 30)}个。",
            lambda: f"{self.town()}划定畜禽养殖禁养区{r.uniform(5, 120):.2f}平方公里，关闭搬迁养殖场{self.num(1, 40)}家。",
            lambda: f"全县常住人口{r.uniform(38, 42):.2f}万人，城镇化率{r.uniform(30, 40):.2f}%，地区生产总值比上年增长{r.uniform(2, 9):.1f}%。",
            lambda: f"{self.village()}实施{r.choice(['改厕', '污水治理', '垃圾分类', '村庄绿化'])}{self.num(10, 900)}户，群众满意度{self.pct()}%。",
        ]
        return r.choice(choices)()

    def report_no(self) -> str:
        return f"RSJC-{self.plan.year}-{self.rng.randint(1, 9999):04d}"

    def paragraph(self, n_sent: int | None = None) -> str:
        r = self.rng
        n = n_sent or r.randint(2, 5)
        return "".join(self.domain_sentence() if r.random() < 0.62 else generic_sentence(r, self.vocab) for _ in range(n))

    # -- document structure --------------------------------------------------
    def opening(self, t: Template) -> list[str]:
        r = self.rng
        p = self.plan
        if t.doc_type == "批复":
            req = self.plant(f"{r.choice(['融住建报', '融水利报', '融自然资报', '融农报', '融林报'])}〔{p.year}〕{r.randint(1, 120)}号")
            return [f"{r.choice(['县住房和城乡建设局', '县水利局', '县农业农村局', self.town() + '人民政府'])}：",
                    f"你单位《关于{self.plant(p.project)}有关事项的请示》（{req}）收悉。经研究，现批复如下："]
        if t.doc_type == "通知":
            return ["各乡镇人民政府，县直各有关单位：",
                    f"根据{self.cite()}精神，为做好{p.year}年度相关工作，现将有关事项通知如下："]
        if t.doc_type == "说明":
            return [f"根据{self.cite()}要求，经核实，现将有关情况说明如下："]
        if t.doc_type in ("监测报告", "验收"):
            return [f"受{self.dept.full}委托，{r.choice(LABS)}于{fmt_date(r, self.data_year())}开展现场{'采样' if t.doc_type == '监测报告' else '核查'}。"]
        return [f"根据{self.cite()}文件精神，现将{p.year - 1}年度有关工作情况报告如下："]

    def closing(self, t: Template) -> list[str]:
        end = {"批复": "此复。", "通知": "特此通知。", "说明": "特此说明。", "决定书": "特此决定。"}.get(t.doc_type, "特此报告。")
        return [end]

    def signature(self) -> list[str]:
        return [self.dept.full, fmt_date(self.rng, self.plan.year)]

    def section_heads(self) -> list[str]:
        return ["一、基本情况", "二、主要工作及成效", "三、存在的问题", "四、下一步工作计划", "五、其他事项", "六、附件说明"]

    def body_pages(self, n_pages: int, first_page_rows: int = 28, page_rows: int = 36,
                   chars_per_row: int = 36) -> list[list[str]]:
        """Paragraphs grouped by page, sized so each group fits one A4 page."""
        t = TEMPLATES[self.plan.dept][self.plan.template]
        pages: list[list[str]] = []
        heads = self.section_heads()
        head_i = 0
        sub_i = 0
        for pi in range(n_pages):
            budget = (first_page_rows if pi == 0 else page_rows) - 3
            paras: list[str] = []
            if pi == 0:
                paras.extend(self.opening(t))
            rows = sum(math.ceil((len(x) + 2) / chars_per_row) for x in paras)
            while True:
                mark = len(self.planted)
                if self.rng.random() < 0.18:
                    if head_i < len(heads) and (sub_i > 1 or head_i == 0):
                        cand = heads[head_i]
                        head_i += 1
                        sub_i = 0
                    else:
                        sub_i += 1
                        cand = f"（{cn_number(min(sub_i, 99))}）{self.rng.choice(self.dept.keywords)}{self.rng.choice(['工作情况', '完成情况', '主要做法', '存在问题', '数据说明'])}"
                else:
                    cand = self.paragraph()
                need = math.ceil((len(cand) + 2) / chars_per_row)
                if rows + need > budget:
                    # The paragraph is dropped, so must be the phrases it planted
                    # (plant() only appends new phrases, truncating undoes it).
                    del self.planted[mark:]
                    break
                paras.append(cand)
                rows += need
            pages.append(paras)
        if pages:
            pages[-1].extend(self.closing(t))
        return pages

    # -- tables --------------------------------------------------------------
    def table(self, kind: str | None, max_rows: int = 25) -> list[list[object]]:
        r = self.rng
        y = self.data_year()
        n = r.randint(5, max_rows)
        if kind == "landuse":
            head = ["乡镇", "耕地", "园地", "林地", "草地", "水域及水利设施用地", "城镇村及工矿用地", "交通运输用地", "其他土地", "合计（公顷）"]
            rows: list[list[object]] = [head]
            tot = [0.0] * 8
            for town in TOWNS:
                vals = [round(r.uniform(200, 3000), 2), round(r.uniform(10, 900), 2), round(r.uniform(8000, 40000), 2),
                        round(r.uniform(10, 800), 2), round(r.uniform(50, 1500), 2), round(r.uniform(50, 900), 2),
                        round(r.uniform(20, 400), 2), round(r.uniform(10, 600), 2)]
                tot = [a + b for a, b in zip(tot, vals)]
                rows.append([town, *vals, round(sum(vals), 2)])
            rows.append(["全县合计", *[round(v, 2) for v in tot], round(sum(tot), 2)])
            return rows
        if kind == "funds":
            rows = [["序号", "项目名称", "实施单位", "下达文号", "下达金额（万元）", "已拨付（万元）", "支出进度", "备注"]]
            for i in range(1, n + 1):
                amt = round(r.lognormvariate(4.5, 1.2), 2)
                paid = round(amt * r.uniform(0.4, 1.0), 2)
                no = self.plant(f"融财〔{y}〕{r.randint(1, 200)}号")
                rows.append([i, self.project(), r.choice(list(DEPTS.values())).full[6:], no, amt, paid,
                             f"{paid / amt * 100:.1f}%", r.choice(["", "", "已完工", "在建", "预算科目1100226"])])
            return rows
        if kind == "sewage":
            rows = [["月份", "进水量（万吨）", "COD进水（mg/L）", "COD出水（mg/L）", "氨氮进水（mg/L）", "氨氮出水（mg/L）", "负荷率"]]
            for m in range(1, 13):
                rows.append([f"{y}年{m}月", round(r.uniform(30, 60), 2), r.randint(120, 260), r.randint(12, 45),
                             round(r.uniform(15, 30), 1), round(r.uniform(0.5, 5), 2), f"{r.uniform(60, 99):.1f}%"])
            return rows
        if kind == "monitor":
            rows = [["断面/点位", "采样日期", "pH", "溶解氧", "高锰酸盐指数", "氨氮", "总磷", "水质类别", "是否达标"]]
            for _ in range(n):
                rows.append([r.choice(SECTIONS), f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", round(r.uniform(6.5, 8.2), 2),
                             round(r.uniform(5, 9), 1), round(r.uniform(1, 4), 1), round(r.uniform(0.05, 0.8), 3),
                             round(r.uniform(0.01, 0.15), 3), r.choice(["Ⅱ", "Ⅲ", "Ⅱ", "Ⅰ"]), "达标"])
            return rows
        if kind == "weigh":
            rows = [["日期", "车牌号", "来源乡镇", "毛重（吨）", "皮重（吨）", "净重（吨）", "司磅员"]]
            for _ in range(max(n, 20)):
                g = round(r.uniform(8, 16), 2)
                tare = round(r.uniform(5, 7), 2)
                rows.append([f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", f"桂B{r.randint(10000, 99999)}",
                             self.town(), g, tare, round(g - tare, 2), r.choice(PEOPLE)])
            return rows
        if kind == "forest":
            rows = [["乡镇", "林地面积（公顷）", "森林面积（公顷）", "森林覆盖率", "活立木蓄积量（万立方米）", "公益林面积（公顷）"]]
            for town in TOWNS:
                la = round(r.uniform(8000, 40000), 2)
                rows.append([town, la, round(la * r.uniform(0.85, 0.98), 2), f"{r.uniform(70, 88):.2f}%",
                             round(r.uniform(50, 300), 1), round(la * r.uniform(0.2, 0.5), 2)])
            return rows
        if kind == "negative":
            rows = [["门类", "大类", "中类", "小类", "行业代码", "管控类型", "管控要求"]]
            cats = [("B 采矿业", "煤炭开采和洗选业", "烟煤和无烟煤开采洗选"), ("C 制造业", "木材加工和木、竹、藤、棕、草制品业", "人造板制造"),
                    ("C 制造业", "造纸和纸制品业", "纸浆制造"), ("C 制造业", "非金属矿物制品业", "水泥、石灰和石膏制造"),
                    ("B 采矿业", "有色金属矿采选业", "常用有色金属矿采选"), ("D 电力、热力、燃气及水生产和供应业", "电力、热力生产和供应业", "水力发电")]
            for _ in range(n):
                a, b, c = r.choice(cats)
                rows.append([a, b, c, c + r.choice(["", "（新建）", "（扩建）"]), str(r.randint(600, 4500)),
                             r.choice(["限制类", "禁止类"]), r.choice(["禁止新建", "严格控制规模", "现有企业逐步淘汰", "须符合生态保护红线管控要求"])])
            return rows
        if kind == "river":
            rows = [["河流名称", "县级河长", "乡级河长", "河段", "长度（公里）", "巡河次数", "发现问题", "整改情况"]]
            for _ in range(n):
                rows.append([r.choice(RIVERS), r.choice(PEOPLE), r.choice(PEOPLE), self.town() + "段", round(r.uniform(3, 60), 1),
                             r.randint(4, 60), r.randint(0, 9), r.choice(["已整改", "整改中", "无"])])
            return rows
        if kind == "stats":
            rows = [["指标", "单位", "绝对数", "比上年增长（%）"]]
            items = [("地区生产总值", "亿元"), ("第一产业增加值", "亿元"), ("一般公共预算收入", "万元"), ("常住人口", "万人"),
                     ("城镇居民人均可支配收入", "元"), ("农村居民人均可支配收入", "元"), ("粮食产量", "吨"), ("林业产值", "万元"),
                     ("规模以上工业增加值", "亿元"), ("社会消费品零售总额", "亿元"), ("节能环保支出", "万元")]
            for name, unit in items:
                rows.append([name, unit, round(r.uniform(1, 90000), 2), round(r.uniform(-3, 12), 1)])
            return rows
        if kind == "air":
            rows = [["月份", "有效监测天数", "优良天数", "优良天数比例", "PM2.5（μg/m³）", "PM10（μg/m³）", "首要污染物"]]
            for m in range(1, 13):
                days = r.randint(28, 31)
                good = r.randint(days - 4, days)
                rows.append([f"{m}月", days, good, f"{good / days * 100:.1f}%", r.randint(12, 45), r.randint(20, 70),
                             r.choice(["PM2.5", "O3", "PM10", "—"])])
            return rows
        if kind == "indicators":
            rows = [["指标名称", "单位", f"{y - 1}年", f"{y}年", "数据来源", "责任单位"]]
            for _ in range(max(6, n // 2)):
                rows.append([r.choice(INDICATORS), "%", self.pct(), self.pct(), r.choice(["统计报表", "监测报告", "变更调查", "部门台账"]),
                             r.choice(list(DEPTS.values())).full[6:]])
            return rows
        # generic ledger
        rows = [["序号", "乡镇", "村屯", "项目名称", "完成量", "资金（万元）", "备注"]]
        for i in range(1, n + 1):
            rows.append([i, self.town(), self.village(), self.project(), self.num(1, 500), self.amount(),
                         self.vocab.pick(r, "n") + self.vocab.pick(r, "v")])
        return rows


# ----------------------------------------------------------------------------
# Planning (main process, sequential: names and phrases are deterministic)
# ----------------------------------------------------------------------------

def build_pools(seed: int) -> dict:
    r = random.Random(f"pools:{seed}")
    projects = sorted({f"{r.choice(TOWNS)}{r.choice(PROJECT_TYPES)}" if r.random() < 0.8 else
                       f"{r.choice(RIVERS)}{r.choice(PROJECT_TYPES)}" for _ in range(400)})
    companies = sorted({f"融水{r.choice(COMPANY_HEADS)}{r.choice(COMPANY_TYPES)}" for _ in range(150)})
    return {"projects": projects, "companies": companies}


def _pick_pages(r: random.Random) -> int:
    # Skewed short: most evidence is a 1-3 page notice or table; a few long reports.
    return max(1, min(30, int(round(r.lognormvariate(0.7, 0.85)))))


def _pick(r: random.Random, weighted: list[tuple[str, float]]) -> str:
    x = r.random() * sum(w for _, w in weighted)
    for k, w in weighted:
        x -= w
        if x <= 0:
            return k
    return weighted[-1][0]


def plan_doc(seed: int, i: int, scan_share: float, pools: dict) -> Plan:
    r = random.Random(f"plan:{seed}:{i}")
    dept = r.choice(list(DEPTS))
    templates = TEMPLATES[dept]
    if r.random() < scan_share:
        fmt = _pick(r, SCAN_FORMATS)
        cands = [k for k, t in enumerate(templates) if t.stamped] or list(range(len(templates)))
        pages = 1 if fmt in ("jpg", "png") else r.randint(1, 4)
    else:
        fmt = _pick(r, list(FORMAT_SHARES.items()))
        if fmt == "xlsx":
            cands = [k for k, t in enumerate(templates) if t.table] or list(range(len(templates)))
            pages = r.randint(1, 4)  # sheets
        else:
            cands = list(range(len(templates)))
            pages = _pick_pages(r)
    tk = r.choice(cands)
    year = _pick(r, [("2017", 1), ("2018", 2), ("2019", 4), ("2020", 5), ("2021", 2)])
    year_i = int(year)
    project = r.choice(pools["projects"])
    company = r.choice(pools["companies"])
    title = templates[tk].title.format(
        year=year_i - (1 if r.random() < 0.6 else 0), prev=year_i - 1, town=r.choice(TOWNS), project=project,
        company=company, river=r.choice(RIVERS), month=r.randint(1, 12), quarter=cn_number(r.randint(1, 4)),
        reserve=r.choice(RESERVES), dept=dept,
    )
    t = templates[tk]
    doc_no = None
    if t.doc_type in ("批复", "通知", "说明", "决定书") or (t.doc_type == "报告" and r.random() < 0.5):
        doc_no = f"{DEPTS[dept].prefix}〔{year_i}〕{r.randint(1, 160)}号"
    return Plan(i, dept, tk, fmt, pages, year_i, title, doc_no, project, company)


_EXT = {"docx": "docx", "pdf": "pdf", "xlsx": "xlsx", "jpg": "jpg", "png": "png", "scan_pdf": "pdf"}


def file_name(r: random.Random, plan: Plan) -> str:
    stem = re.sub(r"[\\/:*?\"<>|]", "_", plan.title)[:70]
    roll = r.random()
    if roll < 0.15:
        stem = f"附件{r.randint(1, 9)}-{r.randint(1, 6)} {plan.dept}{stem}"
    elif roll < 0.28:
        stem = f"{r.randint(1, 30)}.{stem}"
    elif roll < 0.34:
        stem = stem + r.choice(["（最终版）", "最终版", "(修改稿)", "（盖章版）"])
    if plan.fmt in ("jpg", "png") and r.random() < 0.5:
        stem = f"IMG_{plan.year}{r.randint(1, 12):02d}{r.randint(1, 28):02d}_{r.randint(100000, 999999)}"
    return f"{stem}.{_EXT[plan.fmt]}"


def plan_corpus(n: int, seed: int, scan_share: float, pools: dict) -> list[Plan]:
    plans = []
    used: set[str] = set()
    for i in range(n):
        p = plan_doc(seed, i, scan_share, pools)
        name = file_name(random.Random(f"name:{seed}:{i}"), p)
        rel = f"{p.dept}/{p.year}/{name}"
        k = 1
        while rel in used:  # real archives hold "(1)" duplicates
            base, ext = name.rsplit(".", 1)
            rel = f"{p.dept}/{p.year}/{base}({k}).{ext}"
            k += 1
        used.add(rel)
        p.rel_path = rel
        plans.append(p)
    return plans


# ----------------------------------------------------------------------------
# Building (worker processes)
# ----------------------------------------------------------------------------

_STATE: dict = {}


def _init_state(seed: int, out: str, scan_dpi: int) -> None:
    if "vocab" not in _STATE:
        _STATE["vocab"] = Vocab(_find_jieba_dict())
    _STATE.update(pools=build_pools(seed), out=Path(out), seed=seed, scan_dpi=scan_dpi)


def build_doc(plan: Plan) -> dict:
    out: Path = _STATE["out"]
    seed = _STATE["seed"]
    r = random.Random(f"body:{seed}:{plan.index}")
    w = Writer(plan, r, _STATE["vocab"], _STATE["pools"])
    t = TEMPLATES[plan.dept][plan.template]
    path = out / plan.rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    dept = DEPTS[plan.dept]
    if plan.doc_no:
        w.plant(plan.doc_no)
    # Titles are built from towns/rivers + template words and can spell a
    # pool project by coincidence; plant whatever the title contains.
    for name in (*w.pools["projects"], *w.pools["companies"]):
        if name in plan.title:
            w.plant(name)
    red_header = f"{dept.full}文件" if t.doc_type in ("通知", "批复") else None

    if plan.fmt == "docx":
        pages = w.body_pages(plan.pages, chars_per_row=34)
        paras: list[str] = []
        if red_header:
            paras.append(red_header)
        if plan.doc_no:
            paras.append(plan.doc_no)
        for k, pg in enumerate(pages):
            if k:
                paras.append("\f")
            paras.extend(pg)
        paras.extend(w.signature())
        table = None
        table_after = None
        if t.table or r.random() < 0.3:
            table = w.table(t.table or "generic")
            table_after = r.randint(1, max(1, len(paras) - 3))
        docgen.make_docx(path, paras, table=table, title=plan.title, table_after=table_after,
                         header=dept.full if r.random() < 0.4 else None,
                         footer=f"—{cn_number(1)}—" if r.random() < 0.3 else None)
        n_pages = plan.pages
    elif plan.fmt == "pdf":
        # Printed tables take up to two extra pages; stay within 30 in total.
        n_body = min(plan.pages, 28) if t.table else plan.pages
        pages = w.body_pages(n_body, first_page_rows=26 if red_header else 30)
        pages[-1].extend(w.signature())
        texts = ["\n".join(pg) for pg in pages]
        if t.table:
            # Tables are printed as text rows, paginated with the same
            # conservative row estimate as the body so page counts are exact.
            lines = ["  ".join(str(c) for c in row) for row in w.table(t.table, max_rows=20)]
            cur: list[str] = []
            used = 0
            for line in lines:
                need = math.ceil((len(line) + 2) / 36)
                if cur and used + need > 33:
                    texts.append("\n".join(cur))
                    cur, used = [], 0
                cur.append(line)
                used += need
            if cur:
                texts.append("\n".join(cur))
        docgen.make_text_pdf(path, texts, title=plan.title, red_header=red_header, doc_no=plan.doc_no,
                             keep_together=list(w.planted))
        n_pages = len(texts)
    elif plan.fmt == "xlsx":
        sheets: dict[str, list[list[object]]] = {}
        kinds = [t.table or "generic"] + [r.choice(["generic", "indicators", "funds", "monitor", "landuse"]) for _ in range(plan.pages - 1)]
        for k, kind in enumerate(kinds):
            rows = w.table(kind, max_rows=r.choice([20, 60, 200]))
            head = [plan.title if k == 0 else f"{plan.title}（续{k}）"]
            note = [f"填报单位：{dept.full}    填报日期：{fmt_date(r, plan.year)}" + (f"    文号：{plan.doc_no}" if plan.doc_no else "")]
            name = "Sheet1" if k == 0 and r.random() < 0.3 else (t.title[:10] if k == 0 else f"附表{k}")
            sheets[name] = [head, note, *rows, [f"备注：{w.paragraph(2)}"]]
        docgen.make_xlsx(path, sheets)
        n_pages = len(kinds)
    else:
        dpi = _STATE["scan_dpi"]
        # ~36 chars x 30 rows fit one A4 page at any dpi (glyph size scales with dpi).
        pages = w.body_pages(plan.pages, first_page_rows=24, page_rows=30, chars_per_row=36)
        sig = w.signature()
        kwargs = dict(seal=True, noise=True, dpi=dpi, title=plan.title, signature=sig, seal_text=dept.full,
                      seed=plan.index)
        rot = r.uniform(-1.2, 1.2)
        if plan.fmt == "scan_pdf":
            head = [plan.doc_no] if plan.doc_no else []
            docgen.make_image_pdf(path, [head + pages[0], *pages[1:]], rotate=rot, **kwargs)
        else:
            lines = ([plan.doc_no] if plan.doc_no else []) + pages[0]
            if plan.fmt == "png":
                docgen.make_scan_png(path, lines, rotate=rot, **kwargs)
            else:
                docgen.make_scan_jpg(path, lines, rotate=rot, **kwargs)
        n_pages = len(pages)
    return {
        "index": plan.index,
        "path": plan.rel_path,
        "department": plan.dept,
        "format": plan.fmt,
        "scan": plan.fmt in ("jpg", "png", "scan_pdf"),
        "pages": n_pages,
        "year": plan.year,
        "title": plan.title,
        "doc_type": t.doc_type,
        "doc_no": plan.doc_no,
        "key_phrases": list(w.planted),
    }


def _build_timed(plan: Plan) -> tuple[dict, float]:
    t0 = time.perf_counter()
    entry = build_doc(plan)
    return entry, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--scan-share", type=float, default=0.05)
    ap.add_argument("--scan-dpi", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    _init_state(args.seed, str(args.out), args.scan_dpi)
    plans = plan_corpus(args.docs, args.seed, args.scan_share, _STATE["pools"])
    print(f"vocabulary: {_STATE['vocab'].size()} filler words; planned {len(plans)} docs "
          f"in {time.perf_counter() - t0:.1f}s", flush=True)

    # Slow scans first so the pool's tail is not one long OCR-style render.
    order = sorted(plans, key=lambda p: (p.fmt not in ("jpg", "png", "scan_pdf"), p.index))
    entries: dict[int, dict] = {}
    durations = {"scan": 0.0, "text": 0.0}
    counts = {"scan": 0, "text": 0}
    t_build = time.perf_counter()
    if args.jobs > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(args.jobs, initializer=_init_state, initargs=(args.seed, str(args.out), args.scan_dpi)) as pool:
            results = pool.imap_unordered(_build_timed, order, chunksize=4)
            for k, (entry, dt) in enumerate(results, 1):
                entries[entry["index"]] = entry
                kind = "scan" if entry["scan"] else "text"
                durations[kind] += dt
                counts[kind] += 1
                if k % 500 == 0:
                    print(f"  {k}/{len(plans)} docs", flush=True)
    else:
        for plan in order:
            entry, dt = _build_timed(plan)
            entries[plan.index] = entry
            kind = "scan" if entry["scan"] else "text"
            durations[kind] += dt
            counts[kind] += 1
    wall = time.perf_counter() - t_build

    files = {}
    for i in range(len(plans)):
        e = entries[i]
        del e["index"]
        files[e.pop("path")] = e
    manifest = {
        "seed": args.seed,
        "docs": len(plans),
        "scan_share": args.scan_share,
        "generator": "bench/make_corpus.py",
        "files": files,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

    fmt_counts: dict[str, int] = {}
    for e in files.values():
        fmt_counts[e["format"]] = fmt_counts.get(e["format"], 0) + 1
    total_bytes = sum((args.out / rel).stat().st_size for rel in files)
    print(f"formats: {fmt_counts}; {total_bytes / 1e6:.1f} MB")
    for kind in ("text", "scan"):
        if counts[kind]:
            per = durations[kind] / counts[kind]
            print(f"{kind}: {counts[kind]} docs, {per * 1000:.0f} ms/doc cpu, {1 / per:.1f} docs/s per worker")
    print(f"built {len(plans)} docs in {wall:.1f}s wall with {args.jobs} jobs: {len(plans) / wall:.1f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
