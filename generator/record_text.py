"""Where a record's text is kept: in memory, or in a file of the build's text store.

A record's paragraphs share one UTF-8 buffer of their texts (`generator.model.paragraphs_of`). While
the build runs, that buffer is moved out of the processes into a `TextStore`: a folder of files, one
per process that keeps texts, each record's text a span of one file. The 10,000-record build's
paragraph text was 0.9 GB of its 2.1 GB parent, and every render worker forked from that parent;
kept in files, it is in the system's page cache, which the build's processes share and the system
can take back, and a paragraph's text is read with one `pread` when a page asks for it.

A text is read back from its file a span at a time, except the text of the record a process reads
from twice in a row: that one is read whole and held until another record's text is asked for, so
rendering a meeting page reads its record's file once, while a speaker page, quoting one paragraph
each from many records, reads only those paragraphs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path

from generator.fingerprint import SIZE, fingerprint

KEY_BYTES = SIZE
"""The length of a `text_key`."""


def text_key(text: str | bytes) -> bytes:
    """A paragraph text's key (given as text or as UTF-8): a digest, by which its city mentions are known (the
    texts themselves would double the memory a build holds, and the file that keeps the mentions)."""
    return fingerprint(text.encode() if isinstance(text, str) else text)


class RecordText:
    """The UTF-8 text of one record's paragraphs: the bytes themselves, or where a `TextStore` keeps them; and
    the `text_key` of each paragraph's span, worked out where the record was parsed, always held. After the texts,
    the excerpt a person's page lists of each paragraph may be kept too (`keep_excerpts`), worked out where the
    record was parsed rather than by every page that lists the paragraph.

    Shared by the record's paragraphs, each of which is a span of it; only the store changes it, from
    held to kept, and what it reads as stays the same (and `keep_excerpts`, before it is kept or shared).
    """

    __slots__ = ("_file", "_length", "_offset", "_utf8", "ends", "keys")

    def __init__(self, utf8: bytes, ends: array[int] | None = None, keys: bytes = b"") -> None:
        self._utf8: bytes | None = utf8
        self._file = ""
        self._offset = 0
        self._length = len(utf8)
        self.ends = array("I") if ends is None else ends
        """Where each paragraph's span ends, in the record's order (one array, not two numbers a paragraph:
        those were 115 MB at 10,000 records); then where each one's excerpt ends, if they are kept."""
        self.keys = keys
        """The `text_key` of each paragraph's span, in the record's order, `KEY_BYTES` each."""

    @classmethod
    def of_spans(cls, spans: Sequence[bytes]) -> RecordText:
        """The text of paragraphs whose UTF-8 texts are `spans`, in order, their ends and their keys."""
        return cls(b"".join(spans), array("I", accumulate(map(len, spans))), b"".join(map(text_key, spans)))

    @classmethod
    def kept(cls, file: str, offset: int, length: int, ends: array[int], keys: bytes) -> RecordText:
        """The text kept at `offset` in a store's `file`, `length` bytes long."""
        text = cls(b"", ends, keys)
        text._utf8, text._file, text._offset, text._length = None, file, offset, length
        return text

    def span(self, position: int) -> bytes:
        """The UTF-8 text of the paragraph at `position` (from 0)."""
        return self[self.ends[position - 1] if position else 0 : self.ends[position]]

    def texts(self) -> list[str]:
        """The text of every paragraph, in order: read and decoded in one pass, not a span at a time."""
        ends = self.ends[: self._count]
        whole = self[0 : ends[-1]] if ends else b""
        return [whole[start:end].decode() for start, end in zip((0, *ends), ends, strict=False)]

    def keep_excerpts(self, excerpts: Sequence[bytes]) -> None:
        """Keep each paragraph's excerpt (UTF-8, in the paragraphs' order) after their texts, for `excerpts` to read:
        a text held in memory whose excerpts are not kept yet."""
        count = self._count
        if self._utf8 is None or len(self.ends) != count or len(excerpts) != count:
            raise ValueError(f"{count} excerpts are kept only with the {count} texts they are of, held in memory")
        texts_end = self._length
        self._utf8 += b"".join(excerpts)
        self.ends.extend(texts_end + end for end in accumulate(map(len, excerpts)))
        self._length = len(self._utf8)

    def excerpts(self, positions: Sequence[int]) -> list[bytes] | None:
        """The excerpts kept of the paragraphs at `positions` (from 0), as UTF-8, read at once (a turn's paragraphs'
        are side by side); None when none are kept (`keep_excerpts`)."""
        count = self._count
        if len(self.ends) == count:
            return None
        if not positions:
            return []
        first, last = count + min(positions), count + max(positions)
        start = self.ends[first - 1]
        kept = self[start : self.ends[last]]
        return [kept[self.ends[at - 1] - start : self.ends[at] - start] for at in (count + p for p in positions)]

    @property
    def _count(self) -> int:
        """How many paragraphs' texts this is: each has its key."""
        return len(self.keys) // KEY_BYTES

    def key(self, position: int) -> bytes:
        """The `text_key` of the span of the paragraph at `position` (from 0)."""
        return self.keys[position * KEY_BYTES : (position + 1) * KEY_BYTES]

    @property
    def in_memory(self) -> bool:
        """Whether the bytes are held here rather than in a store's file."""
        return self._utf8 is not None

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, span: slice) -> bytes:
        if self._utf8 is not None:
            return self._utf8[span]
        return _read(self, span)

    def whole(self) -> bytes:
        """All of the text."""
        return self[0 : self._length]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordText):
            return NotImplemented
        return self.whole() == other.whole()

    def __hash__(self) -> int:
        return hash(self.whole())

    def __repr__(self) -> str:
        where = "in memory" if self._utf8 is not None else f"at {self._file}:{self._offset}"
        return f"RecordText({self._length} bytes {where})"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        if self._utf8 is not None:
            return RecordText, (self._utf8, self.ends, self.keys)
        return RecordText.kept, (self._file, self._offset, self._length, self.ends, self.keys)


class TextStore:
    """A folder of files holding records' texts for as long as a build (or a dev server's session) runs.

    Each process writes the texts it keeps to a file of its own (no locking: parse workers keep texts at
    the same time), and any process of the build can read any of them.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    @contextmanager
    def temporary(cls, folder: Path | None = None) -> Iterator[TextStore]:
        """A store in `folder` (new and empty; else a new temporary folder), removed with its files (closed
        first) when the block ends."""
        folder = folder or Path(tempfile.mkdtemp(prefix="plenary-texts-"))
        try:
            yield cls(folder)
        finally:
            _close_under(str(folder))
            shutil.rmtree(folder, ignore_errors=True)

    def keep(self, text: RecordText) -> None:
        """Move a text held in memory into this process's file of the store (a kept text, or an empty one,
        stays where it is)."""
        if not text._utf8:
            return
        file = str(self.folder / f"{os.getpid()}.utf8")
        descriptor = _writer(file)
        offset = os.lseek(descriptor, 0, os.SEEK_END)
        view = memoryview(text._utf8)
        while view:
            view = view[os.write(descriptor, view) :]
        text._utf8, text._file, text._offset = None, file, offset


_writers: dict[tuple[str, int], int] = {}
"""Open files being written, by path and by the process writing (a forked child writes its own file)."""
_readers: dict[str, int] = {}
"""Open files being read, by path."""
_whole: tuple[RecordText, bytes] | None = None
"""The text last read whole in this process, and its bytes."""
_last_missed: RecordText | None = None
"""The text last read a span at a time in this process: read from again, it is read whole."""


def _writer(file: str) -> int:
    key = (file, os.getpid())
    descriptor = _writers.get(key)
    if descriptor is None:
        descriptor = _writers[key] = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return descriptor


def _reader(file: str) -> int:
    descriptor = _readers.get(file)
    if descriptor is None:
        descriptor = _readers[file] = os.open(file, os.O_RDONLY)
    return descriptor


def _read(text: RecordText, span: slice) -> bytes:
    """The bytes of `span` of a kept text (whole-text reads held as the module's doc says)."""
    global _whole, _last_missed
    if _whole is not None and _whole[0] is text:
        return _whole[1][span]
    descriptor = _reader(text._file)
    if _last_missed is text:
        _whole = (text, os.pread(descriptor, text._length, text._offset))
        _last_missed = None
        return _whole[1][span]
    _last_missed = text
    start, stop, step = span.indices(text._length)
    if step != 1:
        return os.pread(descriptor, text._length, text._offset)[span]
    return os.pread(descriptor, max(0, stop - start), text._offset + start)


def _close_under(folder: str) -> None:
    """Close this process's files of the store in `folder` and forget the texts read from it."""
    global _whole, _last_missed
    prefix = folder + os.sep
    for key in [key for key in _writers if key[0].startswith(prefix)]:
        os.close(_writers.pop(key))
    for file in [file for file in _readers if file.startswith(prefix)]:
        os.close(_readers.pop(file))
    if _whole is not None and _whole[0]._file.startswith(prefix):
        _whole = None
    if _last_missed is not None and _last_missed._file.startswith(prefix):
        _last_missed = None
