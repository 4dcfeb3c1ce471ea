"""Misprints in simulated events: does `casualty batch` say when claims conflict?

    python3 Benchmarks/batch/misprints.py [--events 2000] [--share 0.2] [--methods laplace,nuts-short]

`casualty simulate --events N` writes a claims table drawn from the model and its true cells;
in a share of the events one exact claim is then misprinted (multiplied by 100, or divided by
100 when it is 100 or more: two digits too many or too few, both at random). `casualty batch`
estimates every event. The script counts the events whose rows carry the `claims conflict`
warning (a claim's posterior predictive p below 0.001, `PosteriorFit.conflicts()`), among the
misprinted events (detections) and the clean ones (false alarms), and the 90% coverage of the
true cells in each group. A misprint that is the only claim on its cells conflicts with
nothing and cannot be seen by any method. Results are appended to Benchmarks/batch/RESULTS.md.
"""
import argparse
import collections
import csv
import datetime
import os
import platform
import random
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FLAGS = {"nuts-short": ["--method", "nuts", "--chains", "2", "--metric", "laplace", "--warmup", "150", "--draws", "800"]}


def misprint(rows, share, rng):
    """Misprints one exact claim in `share` of the events, in place; the misprinted events."""
    by_event = collections.defaultdict(list)
    for i, r in enumerate(rows):
        by_event[r["event"]].append(i)
    bad = set()
    for event, idx in by_event.items():
        exact = [i for i in idx if rows[i]["claim"].isdigit()]
        if rng.random() < share and exact:
            i = rng.choice(exact)
            v = int(rows[i]["claim"])
            rows[i]["claim"] = str(v * 100 if v < 100 or rng.random() < 0.5 else v // 100)
            bad.add(event)
    return bad, set(by_event)


def measure(binary, table, flags, truth, bad, env):
    """Flagged events and coverage counts by (misprinted, flagged)."""
    out = table + ".out.csv"
    subprocess.run([binary, "batch", table, "--out", out] + flags, check=True, env=env, capture_output=True)
    flagged, cells = set(), collections.Counter()
    rows = list(csv.DictReader(open(out)))
    for r in rows:
        if "claims conflict" in r["warnings"]:
            flagged.add(r["event"])
    for r in rows:
        key = (r["event"], r["quantity"])
        if key in truth:
            group = (r["event"] in bad, r["event"] in flagged)
            cells[group + ("n",)] += 1
            cells[group + ("in",)] += float(r["q90_low"]) <= truth[key] <= float(r["q90_high"])
    return flagged, cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--share", type=float, default=0.2)
    ap.add_argument("--methods", default="laplace,nuts-short")
    ap.add_argument("--seed", default="11")
    args = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, capture_output=True)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout.strip(), "casualty")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    lines = ["", "## Misprints, %s on %s, %d cores" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                                                       platform.platform(), os.cpu_count()), "",
             "`python3 Benchmarks/batch/misprints.py --events %d --share %g --seed %s`: one exact claim x100 or /100 "
             "in a share of `casualty simulate --events` events; events whose rows say `claims conflict`, and the 90%% "
             "coverage of the true cells." % (args.events, args.share, args.seed), "",
             "| method | misprinted events flagged | clean events flagged | cover90 clean | cover90 misprinted, "
             "flagged | cover90 misprinted, not flagged |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as d:
        table = os.path.join(d, "sim.csv")
        subprocess.run([binary, "simulate", "--events", str(args.events), "--seed", args.seed, "--out", table],
                       check=True, env=env, capture_output=True)
        truth = {(r["event"], r["quantity"]): float(r["truth"]) for r in csv.DictReader(open(table[:-4] + ".truth.csv"))}
        rows = list(csv.DictReader(open(table)))
        bad, events = misprint(rows, args.share, random.Random(5))
        with open(table, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        for method in args.methods.split(","):
            flagged, cells = measure(binary, table, FLAGS.get(method, ["--method", method]), truth, bad, env)
            cover = lambda g: "%.3f (%d cells)" % (cells[g + ("in",)] / max(1, cells[g + ("n",)]), cells[g + ("n",)])
            lines.append("| %s | %d of %d | %d of %d | %s | %s | %s |" % (
                method, len(flagged & bad), len(bad), len(flagged - bad), len(events - bad),
                cover((False, False)), cover((True, True)), cover((True, False))))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
