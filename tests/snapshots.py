"""Regenerate the golden parser snapshots: `python -m tests.snapshots` (then review the git diff)."""

from __future__ import annotations

from pathlib import Path

from generator.parse import load_record
from generator.serialize import record_json

CONTENT = Path(__file__).parent.parent / "content"
SNAPSHOTS = Path(__file__).parent / "records"

if __name__ == "__main__":
    SNAPSHOTS.mkdir(exist_ok=True)
    for path in sorted(CONTENT.glob("*.md")):
        (SNAPSHOTS / f"{path.stem}.json").write_text(record_json(load_record(path), source=path.name), encoding="utf-8")
        print(f"wrote {SNAPSHOTS.name}/{path.stem}.json")
