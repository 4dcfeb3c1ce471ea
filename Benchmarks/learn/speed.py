"""How long `casualty learn` takes on 10,000 events x 10 claims, beside CRH, CATD and GTM.

    python3 Benchmarks/learn/speed.py [--events 10000] [--repeats 3]

Draws a claims table with `casualty simulate --events N --reports 10` (seed 3), then times
`casualty learn` end to end (reading included, release build, OPENBLAS_NUM_THREADS=1) under
each error law, best and median of `--repeats` runs, and the truth-discovery baselines of
`baselines.py` (pure Python, reading the same table) once each. Appends the table, the machine
and the date to Benchmarks/learn/RESULTS.md. The issue's target: under 10 s on 2 cores.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import tempfile
import time

import baselines

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(command, env):
    start = time.perf_counter()
    run = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, run.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    subprocess.run(["swift", "build", "-c", "release", "--product", "casualty"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout.strip(), "casualty")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        claims = os.path.join(tmp, "claims.csv")
        subprocess.run([binary, "simulate", "--events", str(a.events), "--reports", "10", "--seed", "3", "--out", claims],
                       check=True, capture_output=True, env=env)
        for law in ["contaminated", "t", "normal"]:
            runs = [timed([binary, "learn", claims, "--errors", law, "--out", os.path.join(tmp, "s.yaml")], env)
                    for _ in range(a.repeats)]
            seconds = [s for s, _ in runs]
            summary = runs[0][1].splitlines()[0]
            rows.append("| casualty learn --errors %s | %.2f | %.2f | %s |" % (
                law, min(seconds), statistics.median(seconds), summary.split("(")[1].split(")")[0]))
        for name, method in [("CRH (Python)", baselines.crh), ("CATD (Python)", baselines.catd),
                             ("GTM (Python)", baselines.gtm)]:
            start = time.perf_counter()
            obs = baselines.load(claims)
            method(obs)
            s = time.perf_counter() - start
            rows.append("| %s | %.2f | %.2f | 20 rounds (GTM: to convergence) |" % (name, s, s))
    lines = ["", "## Speed, %s on %s, %d cores" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                                                    platform.platform(), os.cpu_count()), "",
             "%d simulated events x 10 claims (`casualty simulate --events %d --reports 10 --seed 3`), end to end "
             "(reading included), seconds:" % (a.events, a.events), "",
             "| method | best | median | iterations |", "|---|---|---|---|"] + rows
    baselines.record(lines)


if __name__ == "__main__":
    main()
