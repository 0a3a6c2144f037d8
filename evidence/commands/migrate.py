"""migrate: copy an embedded home's records into PostgreSQL, then check the copy."""

from __future__ import annotations

from spine.errors import ConfigError, EvidenceError
from spine.ingest_lock import ingest_lock


class MigrationFailed(EvidenceError):
    """The copy was made but does not match the original (exit code 4, a storage problem)."""

    exit_code = 4


def register(sub) -> None:
    p = sub.add_parser("migrate", help="copy this home's records (SQLite) into PostgreSQL, ids kept, then "
                                       "compare row counts and every blob's sha256")
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://… (the records go to the county's schema)")
    p.add_argument("--county", help="the county the schema is named for (default: [cluster] county)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_migrate)


def cmd_migrate(config, args) -> int:
    from archive.sql import POSTGRESQL, PostgresRecord, safe_url
    from evidence.cli import emit_json
    from spine.config import SCHEMA_NAME_BYTES

    url, county = args.to.strip(), (args.county or config.cluster_county).strip()
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"--to 须为 postgresql:// 地址，而不是 {safe_url(url)!r}")
    if config.cluster_system_of_record == POSTGRESQL:
        raise ConfigError("本目录的档案记录已在 PostgreSQL 中（[cluster] system_of_record = \"postgresql\"），无需迁移")
    if not county:
        raise ConfigError("请用 --county 指明县名（或在 [cluster] 中设置 county）：PostgreSQL 中的档案按县分 schema 存放")
    if len(county.encode("utf-8")) > SCHEMA_NAME_BYTES:
        raise ConfigError(f"县名「{county}」过长：用作 PostgreSQL schema 名最多 {SCHEMA_NAME_BYTES} 字节")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ConfigError('迁移需要 psycopg：pip install -e ".[cluster]"') from None
    from archive.migrate import migrate_to_postgres
    from archive.store import Archive

    with ingest_lock(config.var):  # no scan or upload adds a file while the records move
        source = Archive(config.var)
        try:
            report = migrate_to_postgres(source, PostgresRecord(url, county))
        finally:
            source.close()
    if args.json:
        emit_json({**report.as_json(), "database_url": safe_url(url), "county": county})
    else:
        _print_summary(report, safe_url(url), county)
    if not report.ok:
        raise MigrationFailed("迁移后的核对未通过（见上方各表行数与 blob 校验），请勿切换到 PostgreSQL")
    return 0


def _print_summary(report, url: str, county: str) -> None:
    print(f"档案记录已复制到 PostgreSQL：{url}，schema「{report.schema}」")
    width = max(len(t) for t in report.tables) if report.tables else 0
    for table, (before, after) in report.tables.items():
        mark = "一致" if before == after else "不一致"
        print(f"  {table:<{width}}  SQLite {before:>7} 行  PostgreSQL {after:>7} 行  {mark}")
    bad = len(report.blobs_bad)
    print(f"blob 校验：{report.blobs_checked} 个文件，" + ("sha256 全部一致" if not bad else f"{bad} 个缺失或不一致"))
    if report.ok:
        print("切换方法：在 evidence.toml 的 [cluster] 段写入")
        print(f'  database_url = "{url}"\n  county = "{county}"\n  system_of_record = "postgresql"')
        print("blob 仍在本目录 var/blobs/ 中；若搜索也随 database_url 改用 PostgreSQL，请再运行 evidence init 与 evidence reindex。")
