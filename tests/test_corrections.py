"""The corrections file: each kind of entry, and each mistake with the exact message an author sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.corrections import (
    Action,
    AddedPlace,
    Corrections,
    CorrectionsError,
    Identity,
    SuppressedPlace,
    load_corrections,
    parse_identity,
    read_corrections,
)
from generator.errors import ConfigError
from generator.places import MENTION_MIN_POPULATION, Gazetteer

PATH = "content/corrections.toml"
SHIPPED = Path(__file__).parent.parent / "content" / "corrections.toml"


def read(text: str) -> Corrections:
    return read_corrections(text, PATH)


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        read(text)
    return str(caught.value)


def test_a_missing_file_means_no_corrections(tmp_path: Path) -> None:
    corrections = load_corrections(tmp_path / "corrections.toml")
    assert corrections.people == () and corrections.places == ()


def test_the_shipped_file_is_documentation_and_parses() -> None:
    corrections = load_corrections(SHIPPED)
    assert corrections.people == ()
    assert corrections.places == ()
    assert "[[person]]" in SHIPPED.read_text(encoding="utf-8")


def test_every_commented_example_in_the_shipped_file_is_valid() -> None:
    example = re.compile(r"^#     (\[\[\w+\]\]|\w+ = .*)$")
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    entries = "\n".join(match.group(1) for match in map(example.match, lines) if match)
    corrections = read(entries)
    assert [p.action for p in corrections.people] == [Action.MATCH, Action.MERGE, Action.SPLIT]
    assert [p.name for p in corrections.added_places()] == ["Kibera"]
    assert corrections.suppressed_places() == ("Mobile",)


def test_match_gives_a_full_name() -> None:
    corrections = read('[[person]]\nmatch = "Mr. Zarrilli (United States of America)"\nfull_name = "Daniel Zarrilli"\n')
    (entry,) = corrections.people
    assert entry.action is Action.MATCH
    assert entry.identities == (Identity("Mr. Zarrilli", "United States of America",
                                         "Mr. Zarrilli (United States of America)"),)
    assert entry.full_name == "Daniel Zarrilli"
    assert entry.where == f"{PATH}:1"


def test_merge_names_two_or_more_identities_and_may_fix_a_slug() -> None:
    text = ('# who chaired\n\n[[person]]\n'
            'merge = ["Mr. Pecsteen de Buytswerve (Belgium)", "The President (E/2018/SR.22)"]\nslug = "pecsteen"\n')
    (entry,) = read(text).people
    assert entry.action is Action.MERGE
    assert [i.qualifier for i in entry.identities] == ["Belgium", "E/2018/SR.22"]
    assert entry.slug == "pecsteen"
    assert entry.line == 3


def test_split_takes_one_identity_or_a_list() -> None:
    one, two = read('[[person]]\nsplit = "Mr. Smith (A/48/PV.46)"\n\n'
                    '[[person]]\nsplit = ["Mr. Smith (A/48/PV.46)", "Mr. Smith (S/PV.3756)"]\n').people
    assert len(one.identities) == 1 and len(two.identities) == 2
    assert (one.line, two.line) == (1, 4)


def test_identities_split_at_the_last_balanced_parentheses() -> None:
    identity = parse_identity("Mr. Williams  (United Nations Human Settlements Programme (UN-Habitat))")
    assert identity == Identity("Mr. Williams", "United Nations Human Settlements Programme (UN-Habitat)",
                                "Mr. Williams (United Nations Human Settlements Programme (UN-Habitat))")
    assert parse_identity("Mr. Pineda") == Identity("Mr. Pineda", None, "Mr. Pineda")
    assert parse_identity("Mr. Pineda (Mexico") is None
    assert parse_identity("(Mexico)") is None
    assert parse_identity("Mr. (X) Pineda (Mexico)") is None


def test_places_are_added_or_suppressed() -> None:
    corrections = read('[[place]]\nadd = "Kibera"\nlatitude = -1.3133\nlongitude = 36.7892\ncountry = "Kenya"\n\n'
                       '[[place]]\nsuppress = "Mobile"\n')
    assert corrections.places == (AddedPlace("Kibera", -1.3133, 36.7892, "Kenya", "KE", 1),
                                  SuppressedPlace("Mobile", 7))
    kibera = corrections.added_cities()["Kibera"]
    assert (kibera.name, kibera.slug, kibera.country_code, kibera.latitude, kibera.longitude) == (
        "Kibera", "kibera", "KE", -1.3133, 36.7892)
    assert kibera.geonameid < 0 and kibera.population == MENTION_MIN_POPULATION
    assert corrections.suppressed_places() == ("Mobile",)


def test_an_added_place_is_a_city_of_the_gazetteer() -> None:
    corrections = read('[[place]]\nadd = "Kibera"\nlatitude = -1.3133\nlongitude = 36.7892\ncountry = "Kenya"\n'
                       "population = 250000\n")
    gazetteer = Gazetteer.load(added=corrections.added_cities())
    kibera = gazetteer.city("Kibera")
    assert kibera is not None and kibera.population == 250_000
    assert [m.city for m in gazetteer.mentions("They lived in Kibera, Kenya.")] == [kibera]


def test_a_suppressed_name_is_never_a_city() -> None:
    corrections = read('[[place]]\nsuppress = "Amman"\n')
    gazetteer = Gazetteer.load(suppressed=corrections.suppressed_places())
    assert gazetteer.city("Amman") is None and gazetteer.mentions("The city of Amman grew.") == []


def test_whole_degrees_are_numbers_too() -> None:
    added = read('[[place]]\nadd = "X"\nlatitude = 1\nlongitude = 2\ncountry = "Kenya"\n').added_cities()["X"]
    assert (added.latitude, added.longitude) == (1.0, 2.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[person]]\nmatch = "Mr. A (B)"\nfullname = "A"\n',
         f'{PATH}:3: unknown key "fullname" in [[person]]: did you mean "full_name"?'),
        ('[[person]]\nmatch = "Mr. A (B)"\nwho = "A"\n',
         f'{PATH}:3: unknown key "who" in [[person]]: expected one of match, merge, split, full_name, slug'),
        ('[[person]]\nfull_name = "A"\n',
         f"{PATH}:1: a [[person]] entry says whom it is about: give exactly one of match, merge or split"),
        ('[[person]]\nmatch = "Mr. A (B)"\nmerge = ["Mr. A (B)", "Mr. C (D)"]\n',
         f"{PATH}:1: a [[person]] entry has both match and merge: give exactly one of match, merge or split"),
        ('[[person]]\nmatch = "Mr. A (B)"\n',
         f"{PATH}:1: this [[person]] entry changes nothing: add full_name or slug, or use merge or split"),
        ('\n[[person]]\nmerge = ["Mr. A (B)"]\n',
         f'{PATH}:3: merge must be a list of two or more identities, like ["Mr. Zarrilli (United States of America)", '
         '"Mr. Zarrilli (New York City)"]'),
        ('[[person]]\nmerge = "Mr. A (B)"\n',
         f'{PATH}:2: merge must be a list of two or more identities, like ["Mr. Zarrilli (United States of America)", '
         '"Mr. Zarrilli (New York City)"]'),
        ('[[person]]\nmatch = ["Mr. A (B)", "Mr. C (D)"]\nfull_name = "A"\n',
         f'{PATH}:2: match must be one identity, like "Mr. Zarrilli (United States of America)"'),
        ('[[person]]\nsplit = 3\n',
         f'{PATH}:2: split must be an identity or a list of them, like "Mr. Zarrilli (United States of America) '
         '(A/79/PV.29)"'),
        ('[[person]]\nmatch = "Mr. Zarrilli (United States"\nfull_name = "Daniel Zarrilli"\n',
         f'{PATH}:2: "Mr. Zarrilli (United States" is not an identity: write the name as printed, then a country, '
         'organization or meeting symbol in parentheses, like "Mr. Zarrilli (United States of America)"'),
        ('[[person]]\nmatch = "Mr. A (B)"\nfull_name = 3\n',
         f'{PATH}:3: full_name must be text, like full_name = "Daniel Zarrilli"'),
        ('[[person]]\nmatch = "Mr. A (B)"\nslug = "Mr A"\n',
         f'{PATH}:3: slug "Mr A" may hold only lower-case letters, digits and single hyphens, like '
         'slug = "daniel-zarrilli"'),
        ('[[person]]\nmatch = "Mr. A (B)"\nslug = "other"\n',
         f'{PATH}:3: slug "other" is the address of a page of the speakers index (/speakers/other/): choose '
         'another, like slug = "daniel-zarrilli"'),
        ('[[place]]\nadd = "Kibera"\nlatitude = "-1.3"\nlongitude = 36.8\ncountry = "Kenya"\n',
         f"{PATH}:3: latitude must be a number of degrees between -90 and 90, like latitude = -1.31"),
        ('[[place]]\nadd = "Kibera"\nlatitude = -1.3\nlongitude = 236.8\ncountry = "Kenya"\n',
         f"{PATH}:4: longitude must be a number of degrees between -180 and 180, like longitude = 36.79"),
        ('[[place]]\nadd = "Kibera"\nlongitude = 36.8\ncountry = "Kenya"\n',
         f"{PATH}:1: this added place needs latitude: a number of degrees between -90 and 90"),
        ('[[place]]\nadd = "Kibera"\nlatitude = -1.3\nlongitude = 36.8\n',
         f'{PATH}:1: this added place needs country, like country = "Kenya"'),
        ('[[place]]\nadd = "Kibera"\nlatitude = -1.3\nlongitude = 36.8\ncountry = "Kenia"\n',
         f'{PATH}:5: unknown country "Kenia": write its name as the UN prints it, like country = "Kenya"'),
        ('[[place]]\nadd = "Kibera"\nlatitude = -1.3\nlongitude = 36.8\ncountry = "Kenya"\npopulation = -5\n',
         f"{PATH}:6: population must be a whole number of people, like population = 250000"),
        ('[[place]]\nsuppress = "Mobile"\ncountry = "United States of America"\n',
         f"{PATH}:3: country belongs with add, not suppress: a suppressed name is never a city anywhere"),
        ('[[place]]\nlatitude = 1\n',
         f'{PATH}:1: a [[place]] entry names no place: give either add = "Kibera" (with latitude, longitude and '
         'country) or suppress = "Mobile"'),
        ('[[place]]\nadd = "A"\nsuppress = "A"\n',
         f'{PATH}:1: a [[place]] entry has both add and suppress: give either add = "Kibera" (with latitude, '
         'longitude and country) or suppress = "Mobile"'),
        ('[[people]]\nmatch = "Mr. A (B)"\n', f'{PATH}:1: unknown table "people": did you mean [[person]]?'),
        ('title = "x"\n', f'{PATH}:1: unknown table "title": expected [[person]] or [[place]] entries'),
        ('[person]\nmatch = "Mr. A (B)"\n',
         f"{PATH}:1: `person` must be a list of entries, each starting with a line `[[person]]`"),
        ('[[person]]\nmatch = "Mr. A (B)\n', f"{PATH}:2: not valid TOML: illegal character '\\n'"),
        ('[[person]]\nmatch = "A"\nmatch = "B"\n', f"{PATH}:3: not valid TOML: cannot overwrite a value"),
        ('[[person]]\nmerge = ["A (B)",\n', f"{PATH}:2: not valid TOML: invalid value"),
    ],
)
def test_each_mistake_is_reported_at_its_line(text: str, message: str) -> None:
    assert error_of(text) == message


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = '[[person]]\nmatch = "Mr. A (B)"\nfullname = "A"\n\n[[place]]\nsuppress = 3\n'
    with pytest.raises(CorrectionsError) as caught:
        read(text)
    assert [str(p) for p in caught.value.problems] == [
        f'{PATH}:3: unknown key "fullname" in [[person]]: did you mean "full_name"?',
        f'{PATH}:6: suppress must be text, like suppress = "Mobile"',
    ]
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_a_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "corrections.toml"
    path.write_bytes(b'[[place]]\nsuppress = "\xff"\n')
    with pytest.raises(ConfigError, match="cannot read"):
        load_corrections(path)
