"""The benchmark's memory figure: the build's processes together, each page counted once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

import bench.memory
from bench.memory import PeakTreeMemory, pause_after, tree_pss_kb

HOLD_200_MB = "import sys; block = bytearray(200 * 2**20); sys.stdout.write('ready\\n'); sys.stdout.flush(); " \
              "sys.stdin.read()"
"""A child that holds 200 MB from saying `ready` until its standard input is closed."""

SAMPLES_WAITED = 60.0
"""At most this many seconds for the sampler to look twice: it spaces its samples out when this test process is
large (`pause_after`), as it is late in the suite."""


def test_the_peak_includes_what_a_child_process_holds() -> None:
    alone = tree_pss_kb(os.getpid()) / 1024
    with PeakTreeMemory(interval=0.05) as memory:
        child = subprocess.Popen([sys.executable, "-c", HOLD_200_MB], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True)
        holding(child, memory)
    assert memory.peak_mb >= alone + 190


def test_the_peak_includes_a_process_started_from_another_thread() -> None:
    alone = tree_pss_kb(os.getpid()) / 1024
    started: list[subprocess.Popen[str]] = []
    ready = threading.Event()

    def start_and_wait() -> None:  # the thread that started the child waits for it, as a build's pool does
        started.append(subprocess.Popen([sys.executable, "-c", HOLD_200_MB], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True))
        ready.set()
        started[0].wait()

    with PeakTreeMemory(interval=0.05) as memory:
        thread = threading.Thread(target=start_and_wait)
        thread.start()
        ready.wait()
        holding(started[0], memory)
        thread.join()
    assert memory.peak_mb >= alone + 190


def holding(child: subprocess.Popen[str], memory: PeakTreeMemory) -> None:
    """Let the child hold its memory until the sampler has looked at least twice since, then let it go."""
    assert child.stdout is not None and child.stdin is not None and child.stdout.readline() == "ready\n"
    seen, deadline = memory.samples, time.monotonic() + SAMPLES_WAITED
    while memory.samples < seen + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    child.stdin.close()
    child.wait()


def test_pages_a_forked_child_shares_with_its_parent_are_counted_once() -> None:
    block = bytearray(os.urandom(100 * 2**20))  # the parent's own pages, touched
    alone = tree_pss_kb(os.getpid())
    child = os.fork()
    if child == 0:
        time.sleep(2)
        os._exit(0)
    try:
        time.sleep(0.3)
        together = tree_pss_kb(os.getpid())
    finally:
        os.waitpid(child, 0)
    assert together < alone + 50 * 1024, "a shared page counted in both processes"
    assert len(block) == 100 * 2**20


def test_sampling_waits_the_interval_after_a_quick_sample() -> None:
    assert pause_after(0.001, interval=0.25) == 0.25


def test_sampling_takes_at_most_its_share_of_the_time_after_a_slow_one() -> None:
    wait = pause_after(0.036, interval=0.25, share=0.02)  # two processes of a gigabyte each
    assert 0.036 / (0.036 + wait) == pytest.approx(0.02)


def test_a_slow_sample_spaces_out_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(root: int) -> int:
        time.sleep(0.05)
        return 1024

    monkeypatch.setattr(bench.memory, "tree_pss_kb", slow)
    with PeakTreeMemory(interval=0.01) as memory:
        time.sleep(1.2)
    assert memory.peak_mb == 1
    assert 1 <= memory.samples <= 2, "a sample of 50 ms is followed by 2.45 s without one"
