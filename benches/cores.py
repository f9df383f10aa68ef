#!/usr/bin/env python3
"""`claimdown check` of one large article on one core and on two (issue 16).

    CLAIMDOWN_BENCH_FOLDERS=/tmp/cores cargo bench --bench check   # writes the folders
    python3 benches/cores.py 200 /tmp/cores/bench target/release/claimdown [OTHER-BUILD …]

Runs each build on each folder N times with one CPU and N times with two (the process's
affinity, inherited), all runs in random order so that the host's changes of speed fall
on every build alike, and prints the medians and the ratio. A run is the whole process,
from `posix_spawn` to `waitpid`, its output to /dev/null (`/bin/true` counts 0.55 ms here;
`perf stat` counts 1.2 ms of its own). Two `sha256sum`s of 60 MB, run the same way before
and after, say how much of two cores the host gives at the time: a perfectly parallel job
gets 1.84–1.96× on this machine, depending on the half hour.
"""

import os
import random
import statistics
import sys
import tempfile
import time


def timed(argv, cpus):
    os.sched_setaffinity(0, cpus)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        os.waitpid(pid, 0)
        return (time.perf_counter() - started) * 1e3
    finally:
        os.close(devnull)


def measure(runs, commands):
    """Medians of one-CPU and two-CPU runs of each command, interleaved at random."""
    one, two = {0}, {0, 1}
    times = {(name, cpus): [] for name in commands for cpus in ("1", "2")}
    for _ in range(runs):
        jobs = [(name, cpus) for name in commands for cpus in ("1", "2")]
        random.shuffle(jobs)
        for name, cpus in jobs:
            times[(name, cpus)].append(timed(commands[name], one if cpus == "1" else two))
    os.sched_setaffinity(0, two)
    for name in commands:
        a = statistics.median(times[(name, "1")])
        b = statistics.median(times[(name, "2")])
        print(f"{name}: one core {a:.2f} ms, two cores {b:.2f} ms, {a / b:.3f}×")


def calibrate(scratch):
    data = os.path.join(scratch, "random")
    with open(data, "wb") as out:
        out.write(os.urandom(60_000_000))
    script = os.path.join(scratch, "two.sh")
    with open(script, "w") as out:
        out.write(f"#!/bin/sh\nsha256sum {data} >/dev/null & sha256sum {data} >/dev/null; wait\n")
    os.chmod(script, 0o755)
    measure(8, {"two sha256sum (calibration)": [script]})


def main():
    if len(sys.argv) < 4 or len(os.sched_getaffinity(0)) < 2:
        sys.exit(__doc__)
    runs, folder, builds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as scratch:
        calibrate(scratch)
        measure(runs, {build: [os.path.abspath(build), "check", folder, "--format", "json"]
                       for build in builds})
        calibrate(scratch)


if __name__ == "__main__":
    main()
