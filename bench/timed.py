#!/usr/bin/env python3
"""Runs a command and prints its wall, user and system time in seconds to a millisecond.

/usr/bin/time's %e has a resolution of 10 ms: on a run of 0.35 s that alone moves a speed ratio
by up to 3 points. Standard output of the command is discarded; its standard error passes.

Usage: bench/timed.py COMMAND [ARG...]     -> "0.3417 0.652 0.021"
"""
import os
import subprocess
import sys
import time

if len(sys.argv) < 2:
    sys.exit("usage: bench/timed.py COMMAND [ARG...]")
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
print(f"{wall:.4f} {usage.ru_utime:.3f} {usage.ru_stime:.3f}", file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 1)
