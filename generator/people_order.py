"""Where a person comes among the archive's people, A–Z: the speakers' lists, and the companions ranked alike."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from generator.parse.speakers import HONORIFIC
from generator.parse.text import fold
from generator.site import Person

_HONORIFIC = re.compile(rf"^{HONORIFIC}\s+")
_GIVEN_NAME_FIRST = frozenset({"sir", "dame", "lord", "lady"})


def person_order(person: Person) -> tuple[str, str, str]:
    """Where a person comes A–Z: by surname, then name, then slug."""
    return _surname(person), fold(person.name), person.slug


def resorted(people: tuple[Person, ...], removed: Sequence[Person], added: Sequence[Person]) -> tuple[Person, ...]:
    """People A–Z (`person_order`), without those `removed` (who are among them) and with those `added`."""
    result = list(people)
    for person in removed:
        at = bisect_left(result, person_order(person), key=person_order)
        assert result[at] is person
        del result[at]
    for person in added:
        result.insert(bisect_left(result, person_order(person), key=person_order), person)
    return tuple(result)


def _surname(person: Person) -> str:
    """The sort key of a name: the printed name without honorific or `The`; `Sir David Hannay` sorts as Hannay."""
    name = fold(person.printed_names[0] if person.printed_names else person.name)
    words = re.sub(r"^the\s+", "", _HONORIFIC.sub("", name)).split()
    return " ".join(words[-1:] + words[:-1]) if name.split()[0] in _GIVEN_NAME_FIRST else " ".join(words)
