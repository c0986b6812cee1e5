"""The model as plain JSON-ready data, for `check --json` and the golden snapshots."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from enum import Enum
from typing import Any

from generator.model import Paragraph, Record


def to_data(value: Any) -> Any:
    """Dataclasses, enums, dates and tuples as dicts, strings and lists."""
    if isinstance(value, Paragraph):
        return {name: to_data(getattr(value, name)) for name in Paragraph.SHOWN}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(timespec="minutes") if isinstance(value, dt.time) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def record_json(record: Record, *, source: str | None = None) -> str:
    """The record as indented JSON; `source` replaces the path (snapshots use the file name)."""
    data = to_data(record)
    if source is not None:
        data["source"] = source
        data["warnings"] = [{**w, "path": source} for w in data["warnings"]]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
