"""province add / list / disable / enable: the deployment's province-wide accounts
(archive.province), kept once on the cluster's PostgreSQL and bound to counties or to all."""

from __future__ import annotations

import sys

from archive import province
from archive.users import UserError
from evidence.cli import emit_json
from spine.config import ConfigError

NEEDS_CLUSTER = "省级账号保存在各县共用的 PostgreSQL 中：请先在 evidence.toml 的 [cluster] 段设置 database_url 和 county"


def register(sub) -> None:
    p = sub.add_parser("province", help="province-wide accounts (cluster mode)")
    actions = p.add_subparsers(dest="province_command", required=True, metavar="ACTION")
    p = actions.add_parser("add", help="create a province account bound to some counties or to all")
    p.add_argument("name")
    bound = p.add_mutually_exclusive_group(required=True)
    bound.add_argument("--county", action="append", help="a county it may read (repeat for several)")
    bound.add_argument("--all", action="store_true", help="every county of the deployment")
    p.add_argument("--password", help="initial password (default: generate one and print it once)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add)
    p = actions.add_parser("list", help="list province accounts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    for action in ("disable", "enable"):
        p = actions.add_parser(action, help=f"{action} a province account (ends its sessions)")
        p.add_argument("name")
        p.set_defaults(handler=cmd_toggle, disable=action == "disable")


def _open(config) -> province.Province:
    if not config.cluster_database_url:
        raise ConfigError(NEEDS_CLUSTER)
    return province.Province(config.cluster_database_url)


def _scope(user) -> str:
    return "全省所有县" if user.counties is None else "、".join(user.counties)


def cmd_add(config, args) -> int:
    with _open(config) as shared:
        try:
            user, generated = province.add_account(shared, args.name, None if args.all else args.county,
                                                   password=args.password, actor="cli")
        except UserError as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return exc.exit_code
    if args.json:
        emit_json({**user.as_dict(), "password": generated})
        return 0
    print(f"已创建省级账号 {user.name}（{user.role_label}，可查看：{_scope(user)}）")
    if generated:
        print(f"初始密码：{generated}（只显示这一次）")
    return 0


def cmd_list(config, args) -> int:
    with _open(config) as shared:
        accounts = province.list_accounts(shared)
    if args.json:
        emit_json([u.as_dict() for u in accounts])
        return 0
    if not accounts:
        print("尚无省级账号。创建：evidence province add 名字 --county 县名（或 --all）")
    for u in accounts:
        print(f"{u.name:<16} {'已停用' if u.disabled else '正常'}  可查看：{_scope(u)}")
    return 0


def cmd_toggle(config, args) -> int:
    with _open(config) as shared:
        province.set_disabled(shared, args.name, args.disable, actor="cli")  # NotFound: exit 2
    print(f"已{'停用' if args.disable else '启用'}省级账号 {args.name}{'，其现有登录已全部失效' if args.disable else ''}")
    return 0
