"""Where a turn's speaker is printed in a record's line: for tests that rename speakers as an author would."""

from __future__ import annotations

import random


def speaker_part(line: str) -> tuple[int, int] | None:
    """Where a turn's speaker (its bold name and the affiliation in parentheses after it) is in its line."""
    start = line.find("**")
    end = line.find("**", start + 2) + 2 if start >= 0 else 1
    if end <= 1:
        return None
    if line.startswith(" (", end):
        depth = 0
        for at in range(end + 1, len(line)):
            depth += {"(": 1, ")": -1}.get(line[at], 0)
            if depth == 0:
                return start, at + 1
    return start, end


def renamed(lines: list[str], turn_line: int, other_line: int, rng: random.Random) -> list[str]:
    """The lines with the speaker of the turn at `turn_line` renamed: a few letters more in the name, or the
    speaker of the turn at `other_line` (name and affiliation) put there instead."""
    here, there = speaker_part(lines[turn_line - 1]), speaker_part(lines[other_line - 1])
    if here is None or there is None:
        return lines
    line, changed = lines[turn_line - 1], list(lines)
    if rng.random() < 0.5:
        name_end = line.find("**", here[0] + 2)
        changed[turn_line - 1] = line[:name_end] + rng.choice(["x", "son", "-Ali"]) + line[name_end:]
    else:
        changed[turn_line - 1] = line[:here[0]] + lines[other_line - 1][there[0]:there[1]] + line[here[1]:]
    return changed


def added(lines: list[str], turn_line: int, other_line: int, rng: random.Random) -> list[str]:
    """The lines with a turn put before the one at `turn_line`: the speaker of the turn at `other_line` (name and
    affiliation), or someone new, saying one sentence."""
    there = speaker_part(lines[other_line - 1])
    if there is None:
        return lines
    speaker = lines[other_line - 1][there[0]:there[1]] if rng.random() < 0.5 else "**Mr. Novak** (Czechia)"
    return [*lines[:turn_line - 1], f"{speaker} said that transport mattered most.", "", *lines[turn_line - 1:]]


def taken_away(lines: list[str], turn_line: int) -> list[str]:
    """The lines with the speaker of the turn at `turn_line` no longer printed: its paragraphs go to the turn
    before it."""
    here = speaker_part(lines[turn_line - 1])
    if here is None:
        return lines
    line = lines[turn_line - 1]
    return [*lines[:turn_line - 1], line[:here[0]] + "The speaker" + line[here[1]:], *lines[turn_line:]]
