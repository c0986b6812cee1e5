"""Every shipped record parses to its reviewed golden JSON snapshot in tests/records/.

After a deliberate parser change, regenerate with `python -m tests.snapshots` and review the
diff by hand before committing it: the snapshots are the specification of what is understood.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.parse import load_record
from generator.serialize import record_json

CONTENT = Path(__file__).parent.parent / "content"
SNAPSHOTS = Path(__file__).parent / "records"
RECORDS = sorted(CONTENT.glob("*.md"))


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_record_matches_its_snapshot(path: Path) -> None:
    snapshot = SNAPSHOTS / f"{path.stem}.json"
    actual = json.loads(record_json(load_record(path), source=path.name))
    assert actual == json.loads(snapshot.read_text(encoding="utf-8"))


def test_every_shipped_record_has_a_snapshot() -> None:
    assert {p.stem for p in RECORDS} == {p.stem for p in SNAPSHOTS.glob("*.json")}

