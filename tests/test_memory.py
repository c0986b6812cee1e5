"""Memory a build lets go is given back to the system, not kept for a process that has no more use for it."""

from __future__ import annotations

import subprocess
import sys

HOLD_AND_LET_GO = """
import sys
from generator.memory import release_free_memory

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

texts = [bytes(1000) + i.to_bytes(4, "little") for i in range(400_000)]  # about 400 MB, as paragraphs
survivors = texts[::16]  # a few of them outlive the rest, as the report outlives the records
held = rss_mb()
del texts
freed_without_release = held - rss_mb()
release_free_memory()
print(freed_without_release, held - rss_mb(), len(survivors))
"""


def test_memory_let_go_between_survivors_is_returned_to_the_system() -> None:
    run = subprocess.run([sys.executable, "-c", HOLD_AND_LET_GO], capture_output=True, text=True, check=True)
    freed_without_release, freed, _ = (float(x) for x in run.stdout.split())
    assert freed_without_release < 100, "the C library kept what lay between survivors: there is something to give back"
    assert freed > 200
