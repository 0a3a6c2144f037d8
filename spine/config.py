"""Configuration, built once at the edge from `evidence.toml` and handed down as values.

The home directory holds `evidence.toml`, `watch_folders/` and `var/` (runtime state).
Library code never reads the environment or the file itself: it receives a `Config`.
"""

from __future__ import annotations

import difflib
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from spine.errors import ConfigError

CONFIG_NAME = "evidence.toml"

DEFAULT_DEPARTMENTS: list[tuple[str, str]] = [
    ("发改局", "县发展和改革局"),
    ("财政局", "县财政局"),
    ("自然资源局", "县自然资源和规划局"),
    ("住建局", "县住房和城乡建设局"),
    ("水利局", "县水利局"),
    ("农业农村局", "县农业农村局"),
    ("统计局", "县统计局"),
    ("城管局", "县城市管理行政执法局"),
    ("林业局", "县林业局"),
    ("生态环境局", "柳州市融水生态环境局"),
]

UNKNOWN_DEPARTMENT = "unknown"


@dataclass(frozen=True)
class Department:
    folder: str
    name: str


@dataclass(frozen=True)
class Config:
    home: Path
    departments: tuple[Department, ...]
    catalog: Path | None = None
    observer: str = "auto"  # auto | native | polling
    quiet_seconds: float = 2.0
    poll_seconds: float = 2.0
    rescan_seconds: float = 300.0
    ocr_language: str = "chi_sim"
    ocr_dpi: int = 300
    ocr_engine: str = "auto"  # auto | ppocr | tesseract
    workers: int = field(default_factory=lambda: max(1, os.cpu_count() or 1))
    file_timeout_seconds: float = 600.0
    ocr_page_timeout_seconds: float = 120.0
    worker_memory_mb: int = 3072
    max_pages: int = 2000
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = ""
    upload_max_mb: int = 200
    responsibility: tuple = ()      # Assignment, from [[responsibility]]
    cluster_database_url: str = ""  # [cluster] database_url: search on PostgreSQL instead of var/index
    cluster_county: str = ""        # [cluster] county: the tenant this home's documents belong to
    time_zone: str = ""             # IANA name the county's dates are read in; "" = the server's zone
    cluster_broker_url: str = ""    # [cluster] broker_url: extraction by Celery workers over Redis
    cluster_requeue_seconds: float = 900.0  # [cluster] requeue_after_seconds: a dead worker's task runs again
    cluster_system_of_record: str = "sqlite"  # [cluster] system_of_record: sqlite (var/) | postgresql (database_url)

    @property
    def watch_root(self) -> Path:
        return self.home / "watch_folders"

    @property
    def var(self) -> Path:
        return self.home / "var"

    @property
    def blob_dir(self) -> Path:
        return self.var / "blobs"

    @property
    def db_path(self) -> Path:
        return self.var / "archive.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.var / "index"

    @property
    def department_folders(self) -> list[str]:
        return [d.folder for d in self.departments]


def resolve_home(cli_home: str | None) -> Path:
    """--home wins over EVIDENCE_HOME, which wins over the current directory."""
    raw = cli_home or os.environ.get("EVIDENCE_HOME") or os.getcwd()
    return Path(raw).expanduser().resolve()


def load_config(home: Path) -> Config:
    path = home / CONFIG_NAME
    data: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} 无法解析：{exc}") from exc
    return config_from_dict(home, data)


@dataclass(frozen=True)
class Setting:
    """One key of a section: the Config field it fills and what values it takes."""

    field: str
    kind: type  # str, int or float (an int is taken where a float is asked)
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None

    def value(self, key: str, raw):
        """The checked value, or ConfigError naming the key and what it takes."""
        ok = not isinstance(raw, bool) and (isinstance(raw, self.kind)
                                            or (self.kind is float and isinstance(raw, int)))
        if ok and self.choices:
            ok = raw in self.choices
        if ok and self.low is not None:
            ok = raw >= self.low
        if ok and self.high is not None:
            ok = raw <= self.high
        if not ok:
            raise ConfigError(f"{CONFIG_NAME} 中 {key} = {_toml(raw)} 无效：{self.allowed()}")
        return self.kind(raw)

    def allowed(self) -> str:
        if self.choices:
            return "可选值为 " + "、".join(f'"{c}"' for c in self.choices)
        noun = {str: "文字（用引号括起）", int: "整数", float: "数字"}[self.kind]
        if self.low is not None and self.high is not None:
            return f"应为 {self.low:g} 到 {self.high:g} 之间的{noun}"
        if self.low is not None:
            return f"应为不小于 {self.low:g} 的{noun}"
        return f"应为{noun}"


SECTIONS: dict[str, dict[str, Setting]] = {
    "watch": {
        "observer": Setting("observer", str, ("auto", "native", "polling")),
        "quiet_seconds": Setting("quiet_seconds", float, low=0),
        "poll_seconds": Setting("poll_seconds", float, low=0.01),
        "rescan_seconds": Setting("rescan_seconds", float, low=0.1),
    },
    "ocr": {
        "engine": Setting("ocr_engine", str, ("auto", "ppocr", "tesseract")),
        "language": Setting("ocr_language", str),
        "dpi": Setting("ocr_dpi", int, low=72, high=1200),
    },
    "limits": {
        "file_timeout_seconds": Setting("file_timeout_seconds", float, low=0.1),
        "ocr_page_timeout_seconds": Setting("ocr_page_timeout_seconds", float, low=0),
        "worker_memory_mb": Setting("worker_memory_mb", int, low=256),
        "max_pages": Setting("max_pages", int, low=1),
        "workers": Setting("workers", int, low=1, high=256),
    },
    "web": {
        "host": Setting("host", str),
        "port": Setting("port", int, low=0, high=65535),
        "secret_key": Setting("secret_key", str),
        "upload_max_mb": Setting("upload_max_mb", int, low=1),
    },
}
TOP_LEVEL = ("catalog", "time_zone", "departments", "responsibility", "cluster", *SECTIONS)
DEPARTMENT_KEYS = ("folder", "name")


def config_from_dict(home: Path, data: dict) -> Config:
    """Every key checked: a wrong value names the key and what it takes, an unknown key (a typo
    such as `quiet_second`) is refused rather than silently ignored."""
    _refuse_unknown(data, TOP_LEVEL, "")
    kwargs: dict = {"home": home, "departments": _departments(data.get("departments"))}
    for section, settings in SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{CONFIG_NAME} 中 {section} 应为一个段落 [{section}]，而不是 {_toml(table)}")
        _refuse_unknown(table, settings, section)
        for key, raw in table.items():
            setting = settings[key]
            kwargs[setting.field] = setting.value(f"{section}.{key}", raw)
    catalog = data.get("catalog")
    if catalog is not None:
        if not isinstance(catalog, str):
            raise ConfigError(f"{CONFIG_NAME} 中 catalog = {_toml(catalog)} 无效：应为考核目录文件的路径（用引号括起）")
        kwargs["catalog"] = (home / catalog) if catalog else None
    kwargs["time_zone"] = _time_zone(data.get("time_zone", ""))
    kwargs["responsibility"] = _responsibility(data.get("responsibility", []))
    cluster = data.get("cluster", {})
    kwargs["cluster_database_url"], kwargs["cluster_county"] = _cluster(cluster)
    kwargs["cluster_broker_url"], kwargs["cluster_requeue_seconds"] = _broker(cluster)
    kwargs["cluster_system_of_record"] = _system_of_record(cluster, kwargs["cluster_county"])
    return Config(**kwargs)


def _time_zone(raw) -> str:
    """An IANA zone name such as "Asia/Shanghai", checked against the system's zone data."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if raw == "":
        return ""
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f'{CONFIG_NAME} 中 time_zone = {_toml(raw)} 无效：应为时区名称（用引号括起），'
                          f'如 "Asia/Shanghai"') from exc
    return raw


CLUSTER_KEYS = ("database_url", "county", "broker_url", "requeue_after_seconds", "system_of_record")
REQUEUE_SETTING = Setting("cluster_requeue_seconds", float, low=10)
RECORD_SETTING = Setting("cluster_system_of_record", str, choices=("sqlite", "postgresql"))
SCHEMA_NAME_BYTES = 63  # PostgreSQL cuts a longer name silently: two counties could meet in one schema


def _system_of_record(raw: dict, county: str) -> str:
    """`[cluster] system_of_record`: where documents, versions, tags, reviews, users and the
    audit live — `sqlite` (the file in var/, the default) or `postgresql` (database_url, in a
    schema named for the county)."""
    engine = RECORD_SETTING.value("cluster.system_of_record", raw.get("system_of_record", "sqlite"))
    if engine == "postgresql":
        if not county:
            raise ConfigError('[cluster] system_of_record = "postgresql" 需要 database_url 和 county'
                              "（档案记录存放在该 PostgreSQL 中以县命名的 schema 里）")
        if len(county.encode("utf-8")) > SCHEMA_NAME_BYTES:
            raise ConfigError(f'[cluster] county = "{county}" 过长：system_of_record = "postgresql" 时县名用作'
                              f" PostgreSQL schema 名，最多 {SCHEMA_NAME_BYTES} 字节（UTF-8，约 21 个汉字）")
    return engine


def _broker(raw: dict) -> tuple[str, float]:
    """`[cluster] broker_url`: the Redis that carries extraction tasks to Celery workers, and how
    long a task taken by a worker that died waits before another worker gets it."""
    url = raw.get("broker_url", "")
    if not isinstance(url, str) or (url.strip() and not url.strip().startswith(("redis://", "rediss://"))):
        shown = url.split("://")[0] if isinstance(url, str) else _toml(url)
        raise ConfigError(f"[cluster] broker_url 须为 redis:// 或 rediss:// 地址，而不是 {shown!r}")
    requeue = raw.get("requeue_after_seconds", Config.cluster_requeue_seconds)
    return url.strip(), REQUEUE_SETTING.value("cluster.requeue_after_seconds", requeue)


def _cluster(raw) -> tuple[str, str]:
    """`[cluster]`: a PostgreSQL URL and the county (tenant) this home writes and searches."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{CONFIG_NAME} 中 cluster 应为一个段落 [cluster]，而不是 {_toml(raw)}")
    _refuse_unknown(raw, CLUSTER_KEYS, "cluster")
    url, county = str(raw.get("database_url", "")).strip(), str(raw.get("county", "")).strip()
    if not url:
        if county:
            raise ConfigError("[cluster] 设置了 county 却没有 database_url")
        return "", ""
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"[cluster] database_url 须为 postgresql:// 地址，而不是 {url.split('://')[0]!r}")
    if not county:
        raise ConfigError("[cluster] 设置了 database_url 却没有 county（本目录的材料属于哪个县）")
    return url, county


def _refuse_unknown(table: dict, known, section: str) -> None:
    unknown = sorted(set(table) - set(known))
    if not unknown:
        return
    key = unknown[0]
    where = f"{section}.{key}" if section else key
    close = _nearest(key, section, known)
    hint = f"（是否应为 {close}？）" if close else ""
    scope = f"[{section}] 段" if section else "顶层"
    raise ConfigError(f"{CONFIG_NAME} 中有未知设置 {where}{hint}；{scope}可用的设置：{'、'.join(known)}")


def _nearest(key: str, section: str, known) -> str | None:
    """The closest known name, also from another section (a key put under the wrong table)."""
    candidates = [(f"{section}.{k}" if section else k, k) for k in known]
    if section in SECTIONS:
        candidates += [(f"{other}.{k}", k) for other, keys in SECTIONS.items() if other != section for k in keys]
    scored = [(difflib.SequenceMatcher(None, key, bare).ratio(), name) for name, bare in candidates]
    score, name = max(scored, default=(0.0, ""))
    return name if score >= 0.6 else None


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _departments(raw) -> tuple[Department, ...]:
    if raw is None:
        return tuple(Department(f, n) for f, n in DEFAULT_DEPARTMENTS)
    if not isinstance(raw, list):
        raise ConfigError(f"{CONFIG_NAME} 中 departments 应写成若干个 [[departments]] 段")
    out = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("folder"), str) or not entry["folder"].strip():
            raise ConfigError(f"{CONFIG_NAME} 中第 {n} 个 [[departments]] 缺少 folder（部门文件夹名）")
        _refuse_unknown(entry, DEPARTMENT_KEYS, "departments")
        out.append(Department(entry["folder"], str(entry.get("name", entry["folder"]))))
    return tuple(out)


RESPONSIBILITY_FIELDS = ("leader", "owner", "contact", "phone")


@dataclass(frozen=True)
class Assignment:
    """Who answers for a department's duties (or one duty): one [[responsibility]] entry, or
    one set in the web UI (archive.responsibility layers them)."""

    department: str                 # the department's short name (its folder)
    item: str = ""                  # "" = the whole department
    leader: str = ""
    owner: str = ""
    contact: str = ""
    phone: str = ""

    def values(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in RESPONSIBILITY_FIELDS}


def _responsibility(raw) -> tuple[Assignment, ...]:
    """`[[responsibility]]` entries: department (folder), optional item, and the people."""
    if not isinstance(raw, list):
        raise ConfigError(f"{CONFIG_NAME} 中 responsibility 应写成若干个 [[responsibility]] 段")
    known = ("department", "item", *RESPONSIBILITY_FIELDS)
    out = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not str(entry.get("department", "")).strip():
            raise ConfigError(f"{CONFIG_NAME} 中第 {n} 个 [[responsibility]] 缺少 department（部门文件夹名）")
        _refuse_unknown(entry, known, "responsibility")
        out.append(Assignment(str(entry["department"]).strip(), str(entry.get("item", "")).strip(),
                              *(str(entry.get(f, "")).strip() for f in RESPONSIBILITY_FIELDS)))
    return tuple(out)


def default_config_text() -> str:
    """The file `evidence init` writes: every setting, with its default, documented in place."""
    deps = "\n".join(
        f'[[departments]]\nfolder = "{folder}"\nname = "{name}"\n' for folder, name in DEFAULT_DEPARTMENTS
    )
    return f"""# Evidence Archive configuration. Paths are relative to this file's folder.

# Assessment catalog (TOML). Empty = the packaged Rongshui 2020 catalog.
# catalog = "catalogs/rongshui-2021.toml"

# The county's time zone: deadlines, "as of" dates and the times shown are read in it.
# Without it the server's own zone is used; set it when the server runs on UTC.
# time_zone = "Asia/Shanghai"

[watch]
observer = "auto"        # auto | native (inotify) | polling (network shares: SMB/NFS)
quiet_seconds = 2.0      # a file is ingested once size and mtime are unchanged this long
poll_seconds = 2.0       # polling interval of the polling observer
rescan_seconds = 300.0   # reconciling rescan that catches anything an observer missed

[ocr]
engine = "auto"          # auto (PP-OCR when installed, else Tesseract) | ppocr | tesseract
language = "chi_sim"     # Tesseract's language; PP-OCR reads Chinese and Latin text as it is
dpi = 300                # scanned PDF pages are rendered at this resolution for OCR

[limits]
file_timeout_seconds = 600.0     # a file whose extraction takes longer is recorded as failed
ocr_page_timeout_seconds = 120.0
worker_memory_mb = 3072          # address-space limit of an extraction worker
max_pages = 2000
# workers = 2                    # extraction processes; default: one per core

[web]
host = "127.0.0.1"
port = 8000
secret_key = "{secrets.token_hex(32)}"
upload_max_mb = 200

# Who answers for a department's duties (or one duty, with item = "2.3"). The plan's department
# heads are the default 责任领导; an admin can also set these in the web UI (that wins).
# [[responsibility]]
# department = "财政局"
# leader = "韦树生（县财政局局长）"   # 责任领导
# owner = "张三（预算股股长）"        # 责任人
# contact = "李四"                    # 联系人
# phone = "0772-5123456"

# Cluster mode (optional; needs `pip install ".[cluster]"`): search on PostgreSQL, shared by every
# web node and county, instead of var/index. Every query is scoped to this county.
# [cluster]
# database_url = "postgresql://evidence@db.example:5432/evidence"
# county = "融水苗族自治县"
# Extraction and OCR by Celery workers (`evidence worker`, on any machine that sees this home's
# var/ and blobs) over Redis, instead of this machine's own worker processes:
# broker_url = "redis://queue.example:6379/0"
# requeue_after_seconds = 900.0   # a task whose worker died runs again after this long
# The system of record (documents, versions, tags, reviews, users, audit) on the same PostgreSQL,
# in a schema named for the county, instead of var/archive.sqlite3 (blobs stay in var/blobs):
# system_of_record = "postgresql"

{deps}"""
