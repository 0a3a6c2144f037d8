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
