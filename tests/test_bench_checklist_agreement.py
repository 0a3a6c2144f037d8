"""The checklist-agreement bench reads a reviewer's status off the writers' labels; these are the
rules it reads them by."""

from __future__ import annotations

import sys
from pathlib import Path

from archive.catalog import load_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.checklist_agreement import reference_statuses  # noqa: E402


def doc(items: list[str], **more) -> dict:
    return {"id": "x", "items": items, "out_of_window": [], "deliverables": [], "draft": False, **more}


def test_a_whole_table_labelled_with_its_duty_serves_every_part():
    statuses = reference_statuses(load_catalog(), [doc(["7.2"])])
    assert statuses["7.2"] == "present"
    assert all(statuses[p] == "present" for p in ("7.2.1", "7.2.2", "7.2.3", "7.2.4"))


def test_parts_labelled_one_by_one_leave_the_others_missing():
    statuses = reference_statuses(load_catalog(), [doc(["7.2.2", "7.2.3"])])
    assert statuses["7.2"] == "partial" and statuses["7.2.1"] == "missing" and statuses["7.2.2"] == "present"


def test_a_draft_alone_is_partial():
    assert reference_statuses(load_catalog(), [doc(["10.2"], draft=True)])["10.2"] == "partial"
