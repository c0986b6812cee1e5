"""The memory a process and all its descendants hold together, sampled while they run.

The peak RSS of the largest process understates a build that forks workers: a forked worker
shares its parent's pages until either writes to them, and reading a Python object writes to it
(its reference count), so workers gradually take private copies. Summing RSS would count the
shared pages once per process; the proportional set size (PSS) counts each page once, shared
among the processes that map it, so the sum over the tree is the memory the build holds.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

from generator.memory import proc_kilobytes

PROC = Path("/proc")


def tree_pss_kb(root: int) -> int:
    """The summed PSS of `root` and every process descended from it, in kB (0 for what has already gone)."""
    return sum(_pss_kb(pid) for pid in _tree(root))


def _tree(root: int) -> list[int]:
    found, frontier = [root], [root]
    while frontier:
        children = _children(frontier.pop())
        found.extend(children)
        frontier.extend(children)
    return found


def _children(pid: int) -> list[int]:
    """The processes `pid` started, from any of its threads (the search index starts Pagefind from a pool's)."""
    children: list[int] = []
    for listing in (PROC / str(pid) / "task").glob("*/children"):
        try:
            children.extend(int(child) for child in listing.read_text().split())
        except OSError:
            continue
    return children


def _pss_kb(pid: int) -> int:
    return proc_kilobytes(PROC / str(pid) / "smaps_rollup", "Pss:") or 0


SAMPLING_SHARE = 0.02
"""At most this share of one core goes to sampling: reading a process's `smaps_rollup` walks its page tables,
18 ms for a gigabyte, and sampling the 10,000-record build's two processes four times a second took 3-4 % of
the build's CPU (`perf`), time the build itself was then timed with."""


def pause_after(sample_seconds: float, interval: float, share: float = SAMPLING_SHARE) -> float:
    """How long to wait after a sample that took `sample_seconds`: `interval`, or longer when sampling would
    otherwise take more than `share` of the time."""
    return max(interval, sample_seconds * (1 - share) / share)


class PeakTreeMemory:
    """Samples this process's tree while the block runs; `peak_mb` is the largest sum seen.

    Samples come every `interval` seconds, less often for large trees (`pause_after`): a build's peak is a
    plateau of many seconds, which a sample every second or two still finds."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakTreeMemory:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        root = os.getpid()
        while True:
            started = time.perf_counter()
            self.peak_mb = max(self.peak_mb, tree_pss_kb(root) / 1024)
            self.samples += 1
            if self._stop.wait(pause_after(time.perf_counter() - started, self.interval)):
                return
