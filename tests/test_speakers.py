"""Speaker markers as the seven records print them, and the affiliations inside them.

Inputs are paragraphs as the body parser hands them over: lines joined by single spaces,
split emphasis merged, the official paragraph number removed.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Affiliation
from generator.parse.speakers import SpeakerMarker, display_name, match_speaker, name_case, split_affiliation
from generator.parse.text import merge_split_emphasis

ODENDAAL = (
    "Associate Professor in the School of Architecture, Planning and Geomatics, University of Cape Town, South Africa"
)


def marker(text: str) -> SpeakerMarker:
    found = match_speaker(merge_split_emphasis(text))
    assert found is not None, text
    return found


# -- summary records ------------------------------------------------------------------------------


def test_a_title_in_a_summary_record_keeps_the_verb_in_the_rest() -> None:
    found = marker("**The President** said that the current session would address the challenges")
    assert found.speaker.name == "The President"
    assert found.speaker.honorific is None
    assert found.speaker.is_title
    assert found.speaker.affiliation is None
    assert found.rest == "said that the current session would address the challenges"


def test_moderator_with_an_organization() -> None:
    found = marker(
        "**Mr. Shank** (Communications Director of the Carbon Neutral Cities Alliance), moderator, said that the "
        "Carbon Neutral Cities Alliance was a global collaboration"
    )
    speaker = found.speaker
    assert (speaker.name, speaker.honorific, speaker.role) == ("Mr. Shank", "Mr.", "moderator")
    assert speaker.affiliation == Affiliation(
        "Communications Director of the Carbon Neutral Cities Alliance",
        offices=("Communications Director",),
        organization="Carbon Neutral Cities Alliance",
    )
    assert found.rest.startswith("said that the Carbon Neutral Cities Alliance")


def test_a_participle_clause_after_the_role_starts_the_rest() -> None:
    found = marker(
        "**Mr. Zarrilli** (Chief Resilience Officer of New York City, United States of America), panellist, "
        "accompanying his statement with a digital slide presentation, said that, in many ways"
    )
    assert found.speaker.role == "panellist"
    assert found.speaker.affiliation is not None
    assert found.speaker.affiliation.city == "New York City"
    assert found.rest == "accompanying his statement with a digital slide presentation, said that, in many ways"


def test_a_mayor_names_a_city_and_a_country() -> None:
    found = marker("**Mr. Al-Shawaarbeh** (Mayor of Amman, Jordan), panellist, said that policies should focus")
    assert found.speaker.name == "Mr. Al-Shawaarbeh"
    assert found.speaker.affiliation == Affiliation(
        "Mayor of Amman, Jordan", offices=("Mayor of Amman",), country="Jordan", city="Amman"
    )


def test_a_marker_without_a_role_runs_into_the_verb() -> None:
    found = marker("**Mr. Shank** (Communications Director of the Carbon Neutral Cities Alliance) wondered whether")
    assert found.speaker.role is None
    assert found.rest == "wondered whether"


def test_nested_parentheses_stay_inside_the_affiliation() -> None:
    found = marker(
        "**Mr. Williams** (Director of the United Nations Human Settlements Programme (UN-Habitat)), panellist, "
        "said that it was important"
    )
    assert found.speaker.affiliation == Affiliation(
        "Director of the United Nations Human Settlements Programme (UN-Habitat)",
        offices=("Director",),
        organization="United Nations Human Settlements Programme (UN-Habitat)",
    )
    assert found.speaker.role == "panellist"
    assert found.rest == "said that it was important"


def test_a_delegate_marked_by_country_alone() -> None:
    found = marker("**Mr. Pineda** (Mexico) wondered how the mayor of Medellín would ensure")
    assert found.speaker.affiliation == Affiliation("Mexico", country="Mexico")
    assert found.rest == "wondered how the mayor of Medellín would ensure"


def test_a_stray_comma_before_the_verb_is_not_a_role() -> None:
    found = marker("**Ms. Mejía Vélez** (Colombia), said that the United Nations system was still far")
    assert found.speaker.name == "Ms. Mejía Vélez"
    assert found.speaker.role is None
    assert found.rest == "said that the United Nations system was still far"


def test_two_offices_joined_by_semicolon_and() -> None:
    found = marker(
        "**Mr. Jinga** (Permanent Representative of Romania to the United Nations; and Chair of the Commission on "
        "Population and Development), discussant, said that there must be support"
    )
    affiliation = found.speaker.affiliation
    assert affiliation is not None
    assert affiliation.offices == ("Permanent Representative of Romania to the United Nations", "Chair")
    assert affiliation.organization == "Commission on Population and Development"
    assert affiliation.country == "Romania"
    assert found.speaker.role == "discussant"


def test_an_affiliation_broken_by_a_page_and_rejoined() -> None:
    found = marker(
        "**Ms. Burmanje** (Chair of the Executive Board, Land Registry and Mapping Agency, Netherlands; and "
        "Co-Chair of the United Nations Committee of Experts on Global Geospatial Information Management), "
        "discussant, said that the United Nations Committee"
    )
    assert found.speaker.affiliation == Affiliation(
        "Chair of the Executive Board, Land Registry and Mapping Agency, Netherlands; and Co-Chair of the United "
        "Nations Committee of Experts on Global Geospatial Information Management",
        offices=(
            "Chair of the Executive Board",
            "Co-Chair of the United Nations Committee of Experts on Global Geospatial Information Management",
        ),
        organization="Land Registry and Mapping Agency",
        country="Netherlands",
    )
    assert found.speaker.role == "discussant"


# -- verbatim records -----------------------------------------------------------------------------


def test_a_verbatim_marker_ends_at_the_colon() -> None:
    found = marker("**Mr. Kiboino** (Kenya): Kenya’s delegation aligns itself with the statement")
    assert found.speaker.name == "Mr. Kiboino"
    assert found.speaker.affiliation == Affiliation("Kenya", country="Kenya")
    assert found.rest == "Kenya’s delegation aligns itself with the statement"


def test_an_upper_case_surname_in_split_emphasis_is_put_in_title_case() -> None:
    found = marker("_**Mr.**_ _**INDERFURTH**_ (United States of America): On behalf of the United States")
    assert found.speaker.name == "Mr. Inderfurth"
    assert found.speaker.affiliation is not None
    assert found.speaker.affiliation.country == "United States of America"
    assert found.rest == "On behalf of the United States"


@pytest.mark.parametrize(
    ("text", "name", "language", "note", "rest"),
    [
        ("**The President** ( _spoke in French_ ): In accordance with rule 37", "The President", "French",
         "spoke in French", "In accordance with rule 37"),
        ("**The** **President** ( _spoke_ _in_ _French_ ): Draft resolution II", "The President", "French",
         "spoke in French", "Draft resolution II"),
        ("**Mr. Delattre** (France) ( _spoke in French_ ): France welcomes", "Mr. Delattre", "French",
         "spoke in French", "France welcomes"),
        ("**Mr.** **Elaraby** (Egypt)( _interpretation_ _from_ _Arabic_ ): Today, for the second time",
         "Mr. Elaraby", "Arabic", "interpretation from Arabic", "Today, for the second time"),
        ("_**Mr. CHIRILA**_ (Romania) _(interpretation from French)_ : The report", "Mr. Chirila", "French",
         "interpretation from French", "The report"),
        ("_**Mr. ZVANKO**_ (Belarus) _(interpretation from Russian):_ The report", "Mr. Zvanko", "Russian",
         "interpretation from Russian", "The report"),
        ("_**Mr.**_ _**RIVERO**_ _**ROSARIO**_ (Cuba) _(interpretation_ _from_ _Spanish):_ Nuclear energy",
         "Mr. Rivero Rosario", "Spanish", "interpretation from Spanish", "Nuclear energy"),
        ("_**Mr.**_ _**WU**_ _**Chengjiang**_ (China) _(interpretation_ _from_ _Chinese):_ The Chinese delegation",
         "Mr. Wu Chengjiang", "Chinese", "interpretation from Chinese", "The Chinese delegation"),
        ("**Mr. Belinga Eboutou** (Cameroon) ( _spoke in_ _French_ ): First of all", "Mr. Belinga Eboutou",
         "French", "spoke in French", "First of all"),
    ],
)
def test_language_notes(text: str, name: str, language: str, note: str, rest: str) -> None:
    found = marker(text)
    assert (found.speaker.name, found.speaker.language, found.speaker.language_note) == (name, language, note)
    assert found.rest == rest


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("**The President:** I should like to inform the Council", "I should like to inform the Council"),
        ("**The** **President:** I shall now put to the vote", "I shall now put to the vote"),
        ("**The President** : The Security Council will now begin", "The Security Council will now begin"),
        ("_**The**_ _**PRESIDENT:**_ I should like to make an announcement", "I should like to make an announcement"),
        ("_**The**_ _**PRESIDENT**_ **:** I shall now call on those", "I shall now call on those"),
        ("_**The PRESIDENT**_ : A separate, recorded vote has been", "A separate, recorded vote has been"),
    ],
)
def test_the_president_with_the_colon_inside_or_outside_the_bold(text: str, rest: str) -> None:
    found = marker(text)
    assert found.speaker.name == "The President"
    assert found.speaker.is_title
    assert found.rest == rest


def test_a_role_printed_before_the_colon() -> None:
    found = marker(
        "**Mr. Garayev** (Azerbaijan), Rapporteur of the Third Committee: It is a great honour and privilege"
    )
    assert found.speaker.role == "Rapporteur of the Third Committee"
    assert found.speaker.affiliation == Affiliation("Azerbaijan", country="Azerbaijan")
    assert found.rest == "It is a great honour and privilege"


@pytest.mark.parametrize(
    ("text", "name", "honorific"),
    [
        ("**The Acting President** : May I take it that", "The Acting President", None),
        ("**The Secretary-General**: I thank the Council", "The Secretary-General", None),
        ("_**Sir**_ _**David**_ _**HANNAY**_ (United Kingdom): In 1943", "Sir David Hannay", "Sir"),
        ("**Sir John Weston** (United Kingdom): My delegation", "Sir John Weston", "Sir"),
        ("_**Mrs.**_ _**ALBRIGHT**_ (United States of America): As we begin", "Mrs. Albright", "Mrs."),
        ("_**Mr. LI Zhaoxing**_ (China) _(interpretation from Chinese):_ It is", "Mr. Li Zhaoxing", "Mr."),
        ("**Mr.** **İlkin** (Turkey): I would like at the outset", "Mr. İlkin", "Mr."),
        ("**Mr. Hassan Ali Hassan Ali** (Sudan) ( _spoke in_ _Arabic_ ): The delegation",
         "Mr. Hassan Ali Hassan Ali", "Mr."),
        ("**Dame Anne Smith** (United Kingdom): Thank you", "Dame Anne Smith", "Dame"),
        ("**Archbishop Migliore** (Holy See): The Holy See", "Archbishop Migliore", "Archbishop"),
        ("**Dr. Tedros** (World Health Organization): Thank you", "Dr. Tedros", "Dr."),
        ("**Miss Rose** (Jamaica): Thank you", "Miss Rose", "Miss"),
        ("**Prince Zeid** (Jordan): Thank you", "Prince Zeid", "Prince"),
        ("**Sheikh Al-Thani** (Qatar): Thank you", "Sheikh Al-Thani", "Sheikh"),
        ("**Cardinal Parolin** (Holy See): Thank you", "Cardinal Parolin", "Cardinal"),
        ("**Judge Akane** (International Criminal Court): Thank you", "Judge Akane", "Judge"),
        ("**Lord Ahmad** (United Kingdom): Thank you", "Lord Ahmad", "Lord"),
        ("**Baroness Amos** (United Kingdom): Thank you", "Baroness Amos", "Baroness"),
        ("**Ms. Emelina-Sarte** (Department for General Assembly and Conference Management): I should like",
         "Ms. Emelina-Sarte", "Ms."),
    ],
)
def test_titles_and_honorifics(text: str, name: str, honorific: str | None) -> None:
    found = marker(text)
    assert (found.speaker.name, found.speaker.honorific) == (name, honorific)
    assert found.speaker.presiding is None


def test_an_observer_delegation_is_the_country_part() -> None:
    found = marker("**Mr. Mansour** (State of Palestine): There is no international law-based order")
    assert found.speaker.affiliation is not None
    assert found.speaker.affiliation.country == "State of Palestine"
    assert found.speaker.affiliation.offices == ()


def test_the_rest_keeps_inline_markdown() -> None:
    found = marker("**Mr. Cohen** (United States of America): The *Official Records* show")
    assert found.rest == "The *Official Records* show"


# -- what is not a speaker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "**Agenda item 74** ( _continued_ )",
        "**Draft resolution (A/79/L.8)**",
        "**Reports of the Third Committee**",
        "**AGENDA** **ITEM** **14** _**(continued)**_",
        "**Agenda item 110 (** _**continued**_ **)**",
        "**The situation in the Central African Republic**",
        "**Adoption** **of** **the** **agenda**",
        "**Letter** **dated** **19** **March** **1997** **from** **the** **Permanent** **Representative**",
        "_**The**_ _**President**_ _**returned**_ _**to**_ _**the**_ _**Chair.**_",
        "_**Mr.**_ _**Nyakyi**_ _**(United**_ _**Republic**_ _**of**_ _**Tanzania),**_ _**Vice-**_ "
        "_**President,**_ _**took**_ _**the**_ _**Chair.**_",
        "_**In**_ _**favour:**_ Afghanistan, Albania, Andorra, Argentina",
        "_**Against:**_ Iraq, Sudan",
        "_**A**_ _**recorded**_ _**vote**_ _**was**_ _**taken.**_",
        "_**It**_ _**was**_ _**so**_ _**decided.**_",
        "_**The eighth preambular paragraph was retained by 105**_ _**votes**_ _**to**_ _**2,**_",
        "**A/79/PV.29** **29/10/2024**",
        "**2/38** 24-19856",
        "_***2419856***_",
        "The delegation of **Mr. Smith** (Kenya) said that",
        "**Mr. Smith** (Kenya)",
        "**Mr. Smith** (Kenya), Vice-President, took the Chair.",
        "**General Assembly**",
        "**ORGANIZATION** **OF** **WORK**",
    ],
)
def test_headings_votes_and_procedure_are_not_speakers(text: str) -> None:
    assert match_speaker(merge_split_emphasis(text)) is None


# -- affiliations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Mayor of Amman, Jordan", Affiliation("Mayor of Amman, Jordan", ("Mayor of Amman",), None, "Jordan", "Amman")),
        ("Mayor of Medellín, Colombia",
         Affiliation("Mayor of Medellín, Colombia", ("Mayor of Medellín",), None, "Colombia", "Medellín")),
        ("Chief Resilience Officer of New York City, United States of America",
         Affiliation("Chief Resilience Officer of New York City, United States of America",
                     ("Chief Resilience Officer of New York City",), None, "United States of America",
                     "New York City")),
        ("Communications Director of the Carbon Neutral Cities Alliance",
         Affiliation("Communications Director of the Carbon Neutral Cities Alliance", ("Communications Director",),
                     "Carbon Neutral Cities Alliance")),
        ("Director of the United Nations Human Settlements Programme (UN-Habitat)",
         Affiliation("Director of the United Nations Human Settlements Programme (UN-Habitat)", ("Director",),
                     "United Nations Human Settlements Programme (UN-Habitat)")),
        ("Representative of the International Telecommunication Union (ITU)",
         Affiliation("Representative of the International Telecommunication Union (ITU)", ("Representative",),
                     "International Telecommunication Union (ITU)")),
        ("Co-Founder and Chief Executive Officer of CityHeroes Incorporated",
         Affiliation("Co-Founder and Chief Executive Officer of CityHeroes Incorporated",
                     ("Co-Founder and Chief Executive Officer",), "CityHeroes Incorporated")),
        (ODENDAAL,
         Affiliation(ODENDAAL, ("Associate Professor in the School of Architecture, Planning and Geomatics",),
                     "University of Cape Town", "South Africa")),
        ("Deputy Permanent Representative of Iceland to the United Nations; and Chair of the Commission for Social "
         "Development",
         Affiliation("Deputy Permanent Representative of Iceland to the United Nations; and Chair of the Commission "
                     "for Social Development",
                     ("Deputy Permanent Representative of Iceland to the United Nations", "Chair"),
                     "Commission for Social Development", "Iceland")),
        ("Department for General Assembly and Conference Management",
         Affiliation("Department for General Assembly and Conference Management", (),
                     "Department for General Assembly and Conference Management")),
        ("Kenya", Affiliation("Kenya", country="Kenya")),
        ("Bolivia (Plurinational State of)", Affiliation("Bolivia (Plurinational State of)",
                                                         country="Bolivia (Plurinational State of)")),
        ("Democratic Republic of the Congo", Affiliation("Democratic Republic of the Congo",
                                                         country="Democratic Republic of the Congo")),
        ("Holy See", Affiliation("Holy See", country="Holy See")),
        ("Vice-President", Affiliation("Vice-President", offices=("Vice-President",))),
        ("Mayor of Bristol", Affiliation("Mayor of Bristol", ("Mayor of Bristol",), city="Bristol")),
    ],
)
def test_affiliations_split_into_parts(printed: str, expected: Affiliation) -> None:
    assert split_affiliation(printed) == expected


def test_a_country_after_of_the_is_the_country_not_an_organization() -> None:
    affiliation = split_affiliation("Permanent Representative of the Republic of Korea to the United Nations")
    assert affiliation.country == "Republic of Korea"
    assert affiliation.organization is None
    assert affiliation.offices == ("Permanent Representative of the Republic of Korea to the United Nations",)


def test_a_ministry_portfolio_is_not_a_city() -> None:
    affiliation = split_affiliation("Minister of Health, Kenya")
    assert affiliation.city is None
    assert affiliation.country == "Kenya"
    assert affiliation.offices == ("Minister of Health",)


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("Mr. INSANALLY", "Mr. Insanally"),
        ("Mr. Pecsteen de Buytswerve", "Mr. Pecsteen de Buytswerve"),
        ("MR. GONZALEZ BUSTOS", "Mr. Gonzalez Bustos"),
        ("Mr. WU Chengjiang", "Mr. Wu Chengjiang"),
        ("Sir David HANNAY", "Sir David Hannay"),
    ],
)
def test_display_names(printed: str, shown: str) -> None:
    assert display_name(printed) == shown


def test_name_case_leaves_mixed_case_names_alone() -> None:
    assert name_case("McNee") == "McNee"
    assert name_case("Ma Zhaoxu") == "Ma Zhaoxu"


@given(st.text(max_size=300))
def test_any_text_gives_a_marker_or_none_and_never_an_exception(text: str) -> None:
    found = match_speaker(text)
    assert found is None or found.speaker.name
