"""Docs as a test: every command and setting a user can reach is in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from evidence.cli import build_parser
from evidence.config import default_config_text

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def test_every_command_is_documented_in_the_readme():
    missing = [name for name in _subcommands(build_parser()) if f"evidence {name}" not in README]
    assert missing == []


def test_every_configuration_section_is_documented_in_the_readme():
    sections = [line.strip("[] ") for line in default_config_text().splitlines()
                if line.startswith("[") and not line.startswith("[[")]
    assert sections and [s for s in sections if f"[{s}]" not in README] == []


def test_a_command_imports_the_command_modules_only_up_to_its_own_and_help_still_lists_every_command():
    """`evidence scan` does not pay for importing the web server's, the catalog tools' or the
    search's modules (about 0.1 CPU s a run); `evidence --help` and an unknown command still see
    every command."""
    import subprocess
    import sys

    probe = ("import sys; from evidence.cli import build_parser, command_named; "
             "parser = build_parser(command_named(sys.argv[1:])); "
             "print(sorted(m for m in sys.modules if m.startswith('evidence.commands.') "
             "or m in ('indexer.search.results', 'evidence.search_text', 'indexer.suggest')))")
    root = Path(__file__).resolve().parents[1]

    def modules(*argv: str) -> str:
        return subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True,
                              cwd=root).stdout

    assert modules("--home", "/tmp/h", "scan", "--json").strip() == "['evidence.commands.ingest']"
    assert "evidence.commands.web" in modules("--home", "/tmp/h", "serve")
    assert "evidence.commands.accountability" in modules("-v")  # no command: every module
    assert "evidence.commands.accountability" in modules("nosuch")
