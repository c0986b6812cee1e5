"""The errors Plenary reports to its users, each with enough context to act on."""

from __future__ import annotations


class PlenaryError(Exception):
    """Base of every error the CLI reports as a one-line message instead of a traceback."""


class ParseError(PlenaryError):
    """A record that cannot be read, with the file and line where the problem is."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class ConfigError(PlenaryError):
    """A settings or corrections file that is wrong, with the file and line where possible."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message


class BuildError(PlenaryError):
    """The site could not be built or written."""
