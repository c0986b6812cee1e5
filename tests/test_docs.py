"""The README documents every command and option of the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.cli import _parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, argparse.ArgumentParser]:
    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_is_documented(name: str) -> None:
    assert f"`plenary {name}" in README


@pytest.mark.parametrize(
    ("name", "option"),
    sorted(
        (name, option)
        for name, parser in commands().items()
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ),
)
def test_every_option_is_documented(name: str, option: str) -> None:
    assert f"`{option}" in README, f"plenary {name} {option} is not in the README"


def test_the_readme_gives_the_two_set_up_commands_that_ci_runs() -> None:
    assert "make site" in README and "make test" in README
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().endswith("make test")
