#!/usr/bin/env python3
"""Timing loop of the inspect benchmark (called by inspect.sh).

Runs the contenders round-robin (one of each per round, so a burst of load from other
processes hits all of them alike), ROUNDS times, and measures each run's wall time and peak
resident set size (the child's own rusage from wait4, the same number `/usr/bin/time` prints as
"Maximum resident set size"), and CPU time (user + system; it varies far less with machine
load than wall time does). Prints medians, minimums, maximums and ratios, plus the load
average before and after, because the figures mean little without it.

Usage: run.py ROUNDS OPENSSL_ROUNDS SCALE NAME=COMMAND...
  A NAME starting with "openssl" runs only OPENSSL_ROUNDS times and its times are multiplied
  by SCALE (it runs on a subset of the corpus). Ratios compare every other contender with
  every contender whose NAME starts with "certkit".
"""

import os
import statistics
import subprocess
import sys
import time


def run(command):
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one run of a shell
    command; stdout discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"run.py: `{command}` exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rounds, openssl_rounds, scale = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    contenders = [arg.split("=", 1) for arg in sys.argv[4:]]
    times = {name: [] for name, _ in contenders}
    cpu = {name: [] for name, _ in contenders}
    rss = {name: [] for name, _ in contenders}

    print(f"cpus: {os.cpu_count()}, load average before: {loadavg()}")
    # One untimed run of each contender first (hyperfine's --warmup): the corpus, the binaries
    # and Python's modules are then in the page cache for every timed run alike. A machine may
    # drop cold pages from its cache on its own (this one's DAMON reclaim pages out what was
    # not touched for a minute), which would otherwise charge disk reads to whoever runs first.
    for name, command in contenders:
        if not name.startswith("openssl"):
            run(command)
    print("warm-up: one untimed run of each contender (the openssl loop excepted)")
    for r in range(rounds):
        for name, command in contenders:
            is_openssl = name.startswith("openssl")
            if is_openssl and r >= openssl_rounds:
                continue
            wall, used, peak = run(command)
            if is_openssl:
                wall *= scale
                used *= scale
            times[name].append(wall)
            cpu[name].append(used)
            rss[name].append(peak)
            print(f"  round {r + 1}: {name:<22} {wall:8.3f} s  cpu {used:8.3f} s  "
                  f"peak RSS {peak / 1024:6.1f} MiB",
                  flush=True)
    print(f"load average after: {loadavg()}")

    print()
    print(f"{'contender':<22} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8} "
          f"{'median cpu s':>12} {'peak RSS MiB':>12}")
    for name, _ in contenders:
        t = times[name]
        print(f"{name:<22} {len(t):>4} {statistics.median(t):9.3f} {min(t):8.3f} {max(t):8.3f} "
              f"{statistics.median(cpu[name]):12.3f} {max(rss[name]) / 1024:12.1f}")
    print()
    certkit = [name for name, _ in contenders if name.startswith("certkit")]
    others = [name for name, _ in contenders if not name.startswith("certkit")]
    for other in others:
        for mine in certkit:
            ratio = statistics.median(times[other]) / statistics.median(times[mine])
            cpu_ratio = statistics.median(cpu[other]) / statistics.median(cpu[mine])
            print(f"{mine} is {ratio:6.1f}x faster than {other} "
                  f"(wall, median / median); uses {cpu_ratio:.1f}x less CPU")
    worst = max(max(rss[name]) for name in certkit) / 1024
    print(f"certkit peak RSS (worst run): {worst:.1f} MiB (limit 100 MiB)")


if __name__ == "__main__":
    main()
