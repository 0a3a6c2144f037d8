"""Configuration, built once at the edge from `evidence.toml` and handed down as values.

The home directory holds `evidence.toml`, `watch_folders/` and `var/` (runtime state).
Library code never reads the environment or the file itself: it receives a `Config`.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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


class ConfigError(Exception):
    """The configuration file is unreadable or holds an invalid value."""

    exit_code = 3


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
    responsibility: tuple = ()      # archive.responsibility.Assignment, from [[responsibility]]
    cluster_database_url: str = ""  # [cluster] database_url: search on PostgreSQL instead of var/index
    cluster_county: str = ""        # [cluster] county: the tenant this home's documents belong to

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
            raise ConfigError(f"{path}: {exc}") from exc
    return config_from_dict(home, data)


def config_from_dict(home: Path, data: dict) -> Config:
    deps_raw = data.get("departments")
    if deps_raw is None:
        departments = tuple(Department(f, n) for f, n in DEFAULT_DEPARTMENTS)
    else:
        try:
            departments = tuple(Department(str(d["folder"]), str(d.get("name", d["folder"]))) for d in deps_raw)
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"[[departments]] entries need a 'folder': {exc}") from exc
    watch = data.get("watch", {})
    ocr = data.get("ocr", {})
    limits = data.get("limits", {})
    web = data.get("web", {})
    catalog = data.get("catalog")
    observer = watch.get("observer", "auto")
    if observer not in ("auto", "native", "polling"):
        raise ConfigError(f"watch.observer must be auto, native or polling, not {observer!r}")
    engine = str(ocr.get("engine", "auto"))
    if engine not in ("auto", "ppocr", "tesseract"):
        raise ConfigError(f"ocr.engine must be auto, ppocr or tesseract, not {engine!r}")
    kwargs = dict(
        home=home,
        departments=departments,
        catalog=(home / catalog) if catalog else None,
        observer=observer,
        quiet_seconds=float(watch.get("quiet_seconds", 2.0)),
        poll_seconds=float(watch.get("poll_seconds", 2.0)),
        rescan_seconds=float(watch.get("rescan_seconds", 300.0)),
        ocr_language=str(ocr.get("language", "chi_sim")),
        ocr_dpi=int(ocr.get("dpi", 300)),
        ocr_engine=engine,
        file_timeout_seconds=float(limits.get("file_timeout_seconds", 600.0)),
        ocr_page_timeout_seconds=float(limits.get("ocr_page_timeout_seconds", 120.0)),
        worker_memory_mb=int(limits.get("worker_memory_mb", 3072)),
        max_pages=int(limits.get("max_pages", 2000)),
        host=str(web.get("host", "127.0.0.1")),
        port=int(web.get("port", 8000)),
        secret_key=str(web.get("secret_key", "")),
        upload_max_mb=int(web.get("upload_max_mb", 200)),
    )
    if "workers" in limits:
        kwargs["workers"] = max(1, int(limits["workers"]))
    kwargs["responsibility"] = _responsibility(data.get("responsibility", []))
    kwargs["cluster_database_url"], kwargs["cluster_county"] = _cluster(data.get("cluster", {}))
    return Config(**kwargs)


def _cluster(raw) -> tuple[str, str]:
    """`[cluster]`: a PostgreSQL URL and the county (tenant) this home writes and searches."""
    if not isinstance(raw, dict):
        raise ConfigError("[cluster] 应为一个表（[cluster] 小节）")
    unknown = set(raw) - {"database_url", "county"}
    if unknown:
        raise ConfigError(f"[cluster] 含未知设置 {sorted(unknown)}（可用：database_url、county）")
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


def _responsibility(raw) -> tuple:
    """`[[responsibility]]` entries: department (folder), optional item, and the people."""
    from archive.responsibility import FIELDS, Assignment

    if not isinstance(raw, list):
        raise ConfigError("[[responsibility]] must be a list of tables")
    out = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict) or not str(entry.get("department", "")).strip():
            raise ConfigError(f"[[responsibility]] entry {n + 1} needs a 'department'")
        unknown = set(entry) - {"department", "item", *FIELDS}
        if unknown:
            raise ConfigError(f"[[responsibility]] entry {n + 1}: unknown key(s) {sorted(unknown)}")
        out.append(Assignment(str(entry["department"]).strip(), str(entry.get("item", "")).strip(),
                              *(str(entry.get(f, "")).strip() for f in FIELDS)))
    return tuple(out)


def default_config_text() -> str:
    """The file `evidence init` writes: every setting, with its default, documented in place."""
    deps = "\n".join(
        f'[[departments]]\nfolder = "{folder}"\nname = "{name}"\n' for folder, name in DEFAULT_DEPARTMENTS
    )
    return f"""# Evidence Archive configuration. Paths are relative to this file's folder.

# Assessment catalog (TOML). Empty = the packaged Rongshui 2020 catalog.
# catalog = "catalogs/rongshui-2021.toml"

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

{deps}"""
