"""The benchmark's memory figure: the build's processes together, each page counted once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from bench.memory import PeakTreeMemory, tree_pss_kb

HOLD_200_MB = "import sys, time; block = bytearray(200 * 2**20); sys.stdout.write('ready\\n'); sys.stdout.flush(); " \
              "time.sleep(1.5)"


def test_the_peak_includes_what_a_child_process_holds() -> None:
    alone = tree_pss_kb(os.getpid()) / 1024
    with PeakTreeMemory(interval=0.05) as memory:
        child = subprocess.Popen([sys.executable, "-c", HOLD_200_MB], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(0.5)
        child.wait()
    assert memory.peak_mb >= alone + 190


def test_the_peak_includes_a_process_started_from_another_thread() -> None:
    alone = tree_pss_kb(os.getpid()) / 1024
    with PeakTreeMemory(interval=0.05) as memory:
        thread = threading.Thread(target=subprocess.run, args=([sys.executable, "-c", HOLD_200_MB],),
                                  kwargs={"stdout": subprocess.DEVNULL})
        thread.start()
        thread.join()
    assert memory.peak_mb >= alone + 190


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
