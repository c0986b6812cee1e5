"""The errors Plenary reports to its users, each with enough context to act on."""

from __future__ import annotations

import errno


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


WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})
"""What only writing a file meets: a full disk or quota, a read-only file system, a file too large."""


def file_error(error: OSError, doing: str = "read") -> BuildError:
    """A one-line error for a file Plenary could not use, naming it: `cannot write PATH: No space left on device`.
    A failure only writing meets says so; any other says what was being `doing`."""
    action = "write" if error.errno in WRITE_FAILURES else doing
    where = f" {error.filename}" if error.filename else ""
    return BuildError(f"cannot {action}{where}: {error.strerror or error}")
