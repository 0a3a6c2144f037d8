"""run (watcher + web UI in one process), serve (web UI alone), user add / list / disable / enable /
reset."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from archive.store import Archive
from archive.passwords import POLICY_TEXT
from archive.users import (UserError, add_user, ensure_admin, generate_password, list_users, set_disabled,
                          set_password)
from evidence.cli import emit_json
from spine.config import ConfigError
from spine.services import init_home, open_services, write_private

ADMIN_PASSWORD_ENV = "EVIDENCE_ADMIN_PASSWORD"
ADMIN_PASSWORD_FILE_ENV = "EVIDENCE_ADMIN_PASSWORD_FILE"
WSGI_THREADS = 8


def register(sub) -> None:
    for name, helptext in (("run", "watch the share and serve the web UI in one process (Ctrl-C stops)"),
                           ("serve", "serve the web UI alone (no watcher)")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--host", help="address to listen on (default from evidence.toml, 127.0.0.1)")
        p.add_argument("--port", type=int, help="port (default from evidence.toml, 8000)")
        p.set_defaults(handler=cmd_run if name == "run" else cmd_serve)

    user = sub.add_parser("user", help="web UI accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    p = user_sub.add_parser("add", help="create an account")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["admin", "department", "inspector"])
    p.add_argument("--department", help="department folder (required for --role department)")
    p.add_argument("--password", help="initial password (default: generate one and print it once)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_add)
    p = user_sub.add_parser("list", help="list accounts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_list)
    for action in ("disable", "enable"):
        p = user_sub.add_parser(action, help=f"{action} an account")
        p.add_argument("name")
        p.set_defaults(handler=cmd_user_toggle, disable=action == "disable")
    p = user_sub.add_parser("reset", help="give an account a new password and end its sessions")
    p.add_argument("name")
    p.add_argument("--password", help="the new password (default: generate one and print it once)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_reset)


# -- accounts ------------------------------------------------------------------------------

def _account_change(config, args, change, done: str, label: str) -> int:
    """Run one account change that may generate a password: print the password once (or put
    it in the JSON), and a refused change as a Chinese error with exit code 2."""
    archive = Archive.of(config)
    try:
        user, generated = change(archive)
    except UserError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        archive.close()
    if args.json:
        emit_json({**user.as_dict(), "password": generated})
    else:
        print(done.format(name=user.name, role=user.role_label,
                          department="，" + user.department if user.department else ""))
        if generated:
            print(f"{label}：{generated}（只显示这一次）")
    return 0


def cmd_user_add(config, args) -> int:
    init_home(config)
    return _account_change(
        config, args,
        lambda archive: add_user(archive, args.name, args.role, department=args.department, password=args.password,
                                 departments=config.department_folders, actor="cli"),
        "已创建账号 {name}（{role}{department}）", "初始密码")


def cmd_user_list(config, args) -> int:
    init_home(config)
    archive = Archive.of(config)
    try:
        users = list_users(archive)
    finally:
        archive.close()
    if args.json:
        emit_json([u.as_dict() for u in users])
    else:
        for u in users:
            print(f"{u.name:<16} {u.role_label:<6} {u.department or '-':<8} {'已停用' if u.disabled else '正常'}")
        if not any(u.role == "admin" and not u.disabled for u in users):
            print(NO_ADMIN_HELP, file=sys.stderr)
    return 0


def cmd_user_reset(config, args) -> int:
    return _account_change(
        config, args,
        lambda archive: set_password(archive, args.name, args.password, actor="cli", audit_action="user.reset"),
        "已重置账号 {name} 的密码，其现有登录已全部失效", "新密码")


def cmd_user_toggle(config, args) -> int:
    archive = Archive.of(config)
    try:
        set_disabled(archive, args.name, args.disable, actor="cli")
    finally:
        archive.close()
    print(f"已{'停用' if args.disable else '启用'}账号 {args.name}")
    return 0


NO_ADMIN_HELP = ("没有可用的管理员账号。请创建一个：evidence user add 名字 --role admin"
                 f"（或设置环境变量 {ADMIN_PASSWORD_ENV} 后重新启动，自动创建 admin）。{POLICY_TEXT}。")


def first_run_admin(config) -> None:
    """A home without an enabled admin gets one (`admin`, or `admin2`… when a department took
    that name before the first start); say once, on the console, how to log in. Without a usable
    admin nobody could manage accounts, so a refused password stops the start with the fix."""
    password_file = os.environ.get(ADMIN_PASSWORD_FILE_ENV) or None
    if password_file:
        first_run_admin_from_file(config, Path(password_file))
        return
    created = _ensure_admin(config, os.environ.get(ADMIN_PASSWORD_ENV) or None, f"环境变量 {ADMIN_PASSWORD_ENV} ")
    if created is None:
        return
    user, generated = created
    if generated:
        print(f"首次运行：已创建管理员账号 {user.name}，密码 {generated}（只显示这一次，请登录后妥善保管）", flush=True)
    else:
        print(f"首次运行：已创建管理员账号 {user.name}，密码为环境变量 {ADMIN_PASSWORD_ENV} 的值", flush=True)


def _ensure_admin(config, password: str | None, source: str):
    """ensure_admin on the home's archive; a refused password stops the start with the fix."""
    archive = Archive.of(config)
    try:
        return ensure_admin(archive, password)
    except UserError as exc:
        raise ConfigError(f"{source}中的管理员密码不符合要求：{exc}。{NO_ADMIN_HELP}") from None
    finally:
        archive.close()


def first_run_admin_from_file(config, path: Path) -> None:
    """`EVIDENCE_ADMIN_PASSWORD_FILE` for a service whose output lands in a journal: a file that
    exists holds the password to use; otherwise a generated one is written there, readable by
    its owner only (0600), and only the file's path is printed."""
    supplied = None
    if path.exists():
        try:
            supplied = path.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise ConfigError(f"无法读取 {ADMIN_PASSWORD_FILE_ENV} 指定的文件 {path}：{exc.strerror}") from None
    password = supplied or generate_password()
    created = _ensure_admin(config, password, f"文件 {path} ")
    if created is None:
        return
    user = created[0]
    if supplied:
        print(f"首次运行：已创建管理员账号 {user.name}，密码为文件 {path} 中的内容", flush=True)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, password + "\n")
    except OSError as exc:
        raise ConfigError(f"已创建管理员账号 {user.name}，但无法把密码写入 {path}：{exc.strerror}；"
                          f"请用 evidence user reset {user.name} 设置新密码") from None
    print(f"首次运行：已创建管理员账号 {user.name}，密码已写入 {path}（仅所有者可读，登录后请修改密码并删除该文件）",
          flush=True)


# -- serving -------------------------------------------------------------------------------

def _server(config, args, app):
    from waitress.server import create_server

    from webui import waitress_gate
    from webui.bodylimits import upload_limit

    host = args.host or config.host
    port = config.port if args.port is None else args.port
    server = create_server(app, host=host, port=port, threads=WSGI_THREADS, ident="evidence",
                           max_request_body_size=upload_limit(app) + 1)
    waitress_gate.install(server, app)
    shown_host = f"[{host}]" if ":" in host else host
    print(f"网页界面：http://{shown_host}:{server.effective_port}/（Ctrl-C 停止）", flush=True)
    return server


def _serve_until_signal(server, on_stop) -> None:
    """waitress leaves its loop on KeyboardInterrupt; SIGTERM is turned into the same."""

    def handle(signum, frame) -> None:
        on_stop()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def cmd_serve(config, args) -> int:
    from webui import create_app

    init_home(config)
    first_run_admin(config)
    app = create_app(config)
    server = _server(config, args, app)
    _serve_until_signal(server, lambda: None)
    print("网页界面已停止", flush=True)
    return 0


def cmd_run(config, args) -> int:
    from evidence.commands.ingest import print_watch_report
    from indexer.watch.service import WatchService
    from webui import create_app
    from webui.intake import WatcherIntake

    init_home(config)
    first_run_admin(config)
    services = open_services(config)

    service = WatchService(services.ingestor, on_report=print_watch_report)
    watcher = threading.Thread(target=service.run, name="watcher", daemon=True)
    app = create_app(config, {"INGEST_UPLOADS": False})
    app.extensions["evidence"].intake = WatcherIntake(service)
    server = _server(config, args, app)
    watcher.start()
    print(f"正在监视 {config.watch_root}", flush=True)
    try:
        _serve_until_signal(server, service.stop)
    finally:
        service.stop()
        watcher.join(60)
        services.close()
    print("已停止", flush=True)
    return 0
