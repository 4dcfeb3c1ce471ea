"""Batch speed and memory: a synthetic claims table (events drawn from the model: 4 cells,
10 claims per event from 5 sources, exact, bounded and ranged figures) estimated end to end
(read, fit, write) by `casualty batch` with each method family, on this machine; appends the
events per second and peak memory to Benchmarks/batch/RESULTS.md with the date and machine.

    python3 Benchmarks/batch/bench_batch.py [--events N] [--laplace-events M] [--nuts-events K]

The recorder rules and meta-analysis run on all N events (N = 1,000,000 shows peak memory
on a million-event file), the checked Laplace on at most M and NUTS on at most K.
"""
import argparse
import datetime
import math
import os
import platform
import random
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout


def write_table(path, events, seed=1):
    rng = random.Random(seed)
    groups = ["g1", "g2", "g3", "g4"]
    with open(path, "w") as f:
        f.write("event,source,what,who,claim,reliability,country\n")
        for e in range(events):
            truth = {g: math.exp(rng.gauss(math.log(10), 1.5)) for g in groups}
            for c in range(10):
                who = rng.sample(groups, rng.choice([1, 1, 1, 2]))
                total = sum(truth[g] for g in who)
                reading = max(0.0, math.expm1(math.log1p(total) + rng.gauss(0, 0.25)))
                form = rng.random()
                if form < 0.6:
                    claim = str(round(reading))
                elif form < 0.8:
                    claim = "at least %d" % math.floor(reading)
                else:
                    claim = "%d-%d" % (math.floor(reading * 0.8), math.ceil(reading * 1.25) + 1)
                f.write("e%d,s%d,killed,%s,%s,%.2f,c%d\n" % (e, c % 5, "+".join(who), claim, 0.5 + 0.1 * (c % 5), e % 7))


# The methods timed, with their flags: NUTS with its defaults (4 chains of 1,000 warm-up and
# 1,000 draws, adaptive diagonal metric) and the batch recipe (2 chains, Laplace metric,
# 150 warm-up, 800 draws; a short run short of ESS or R-hat goes on as long again, one that still
# fails or diverged is redone in full).
CONFIGS = {
    "weighted-median": [], "meta-dl": [], "laplace": [], "nuts": [],
    "nuts --metric laplace": ["--chains", "2", "--metric", "laplace", "--warmup", "150", "--draws", "800"],
}


def run(binary, table, method):
    out = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = datetime.datetime.now()
    flags = ["--method", method.split()[0]] + CONFIGS[method]
    p = subprocess.run(["/usr/bin/time", "-v", binary, "batch", table] + flags + ["--out", out],
                       capture_output=True, text=True, env=env)
    wall = (datetime.datetime.now() - t0).total_seconds()
    if p.returncode != 0:
        raise SystemExit(p.stderr)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    summary = [l for l in p.stderr.splitlines() if " events read, " in l][-1]
    os.unlink(out)
    return wall, rss, summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--laplace-events", type=int, default=2000, help="at most this many events for laplace")
    ap.add_argument("--nuts-events", type=int, default=200, help="at most this many events for nuts")
    args = ap.parse_args()
    sh("swift", "build", "-c", "release")
    binary = os.path.join(sh("swift", "build", "-c", "release", "--show-bin-path").strip(), "casualty")
    table = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
    write_table(table, args.events)
    rows = []
    for method in CONFIGS:
        cap = {"laplace": args.laplace_events, "nuts": args.nuts_events,
               "nuts --metric laplace": args.nuts_events}.get(method, args.events)
        n = min(args.events, cap)
        t = table
        if n != args.events:
            t = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
            write_table(t, n)
        wall, rss, summary = run(binary, t, method)
        rows.append((method, n, wall, n / wall, rss, summary))
        print(method, n, "events: %.2f s, %.0f events/s, %.0f MB" % (wall, n / wall, rss))
    cores = os.cpu_count()
    lines = ["", "## %s on %s, %s, %d cores, Python %s" % (
        datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), platform.platform(), platform.machine(), cores,
        platform.python_version()), "",
        "Synthetic claims table: 4 cells and 10 claims per event (60% exact, 20% lower bounds, 20% ranges), "
        "end to end (read, fit, write), release build, OPENBLAS_NUM_THREADS=1, --threads = cores.", "",
        "| method | events | wall (s) | events/s | peak memory (MB) |", "|---|---|---|---|---|"]
    for method, n, wall, rate, rss, summary in rows:
        lines.append("| %s | %d | %.2f | %.0f | %.0f |" % (method, n, wall, rate, rss))
    lines += [""] + ["%s: %s" % (r[0], r[5]) for r in rows]
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
