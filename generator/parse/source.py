"""From the bytes of a record file to its text and front matter, refusing what is not a record."""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from generator.errors import ParseError
from generator.model import ParseWarning

MAX_RECORD_BYTES = 16 * 1024 * 1024
"""The largest real records are a few hundred kilobytes; anything this big is not one."""

_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document (convert it to text first)",
    b"PK\x03\x04": "a ZIP archive or Office document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters the PDF converter leaves in the text (a backspace inside `**2/9**`)."""
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Zero-width and bidirectional-control characters: they can make text read otherwise than it is."""
_STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Either kind: the text is scanned once for both, and most records have neither."""
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A record's text, its front matter and what was noticed while decoding it."""

    lines: tuple[str, ...]
    """Every line of the file; the front matter's lines are blanked so numbering stays true."""
    front_matter: dict[str, Any]
    """Meeting fields the author stated at the top of the file."""
    warnings: tuple[ParseWarning, ...]


def decode(data: bytes, path: str) -> tuple[str, list[ParseWarning]]:
    """The file's text: UTF-8 (or a byte-order-marked Unicode), else Windows-1252 with a warning."""
    if len(data) > MAX_RECORD_BYTES:
        raise ParseError(
            path, 1, f"file is {len(data) / 1e6:.1f} MB; records over {MAX_RECORD_BYTES // 2**20} MiB are refused"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                message = f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}"
                raise ParseError(path, 1, message) from None
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise ParseError(path, 1, f"is {what}, not a text record")
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(path, line, "contains NUL bytes: this is a binary file, not a text record")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        warning = ParseWarning(
            path, line,
            f"not valid UTF-8 (byte 0x{data[error.start]:02X}); read as Windows-1252, check accented letters",
        )
        return data.decode("cp1252", errors="replace"), [warning]


def split_front_matter(text: str, path: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Lines with a leading `+++` TOML block blanked, and that block's values."""
    lines = tuple(text.splitlines())
    if not lines or lines[0].strip() != "+++":
        return lines, {}
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise ParseError(path, 1, "front matter opened with `+++` is never closed by another `+++` line") from None
    try:
        values = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        line, message = _toml_error_position(error, lines_in_block=end - 1)
        raise ParseError(path, 1 + line, f"front matter is not valid TOML: {message}") from None
    return ("",) * (end + 1) + lines[end + 1 :], values


def _toml_error_position(error: tomllib.TOMLDecodeError, lines_in_block: int) -> tuple[int, str]:
    """The line within the TOML block and the message; Python 3.11 only prints them in the text."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(error))
    if found is None:
        return max(lines_in_block, 1), str(error).replace("(at end of document)", "(at the end of the front matter)")
    return int(found.group(2)), f"{found.group(1)} (column {found.group(3)})"


def read_source(data: bytes, path: str) -> SourceText:
    """Decode a record file and separate its front matter."""
    text, warnings = decode(data, path)
    if not text.strip():
        raise ParseError(path, 1, "file is empty" if not text else "file holds only white space")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    invisible: list[ParseWarning] = []
    if _STRAY.search(text):
        text, invisible = _remove_invisible(_CONTROL.sub("", text), path)
    lines, front_matter = split_front_matter(text, path)
    return SourceText(lines, front_matter, tuple(warnings + invisible))


def _remove_invisible(text: str, path: str) -> tuple[str, list[ParseWarning]]:
    """The text without zero-width and bidi-control characters, and a warning naming the first."""
    found = _INVISIBLE.search(text)
    if found is None:
        return text, []
    count = len(_INVISIBLE.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    code = f"U+{ord(found.group()):04X}"
    return _INVISIBLE.sub("", text), [
        ParseWarning(path, line, f"removed {count} invisible or text-direction character(s), the first {code}")
    ]
