"""ACLED at scale: how long an ACLED-sized export (2.5 million events) takes on one machine.

    python3 Benchmarks/batch/bench_acled.py [--events N] [--laplace-events M]

Writes N synthetic events in ACLED's documented export columns (fatalities drawn like
ACLED's: most events 0, a long tail), then times, end to end on this machine with
`--threads` = cores: `casualty import acled` (export -> claims table), and `casualty batch`
with the recorder rule ACLED itself applies (most-conservative), weighted-median and the checked
Laplace (on the first M events: it is the slow one). Reports events/s, peak memory (max
RSS) and the time extrapolated linearly to 2.5 million events; appends to
Benchmarks/batch/RESULTS.md with the date and machine.
"""
import argparse
import csv
import datetime
import os
import platform
import random
import re
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ACLED = 2_500_000
COLUMNS = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
           "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
           "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
           "tags,timestamp").split(",")


def write_export(path, n, seed=7):
    rng = random.Random(seed)
    countries = [("SYR", "Syria", "Aleppo"), ("YEM", "Yemen", "Taiz"), ("UKR", "Ukraine", "Donetsk"),
                 ("SDN", "Sudan", "Khartoum"), ("MLI", "Mali", "Mopti")]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(n):
            iso, country, admin1 = rng.choice(countries)
            r = rng.random()
            deaths = 0 if r < 0.7 else (rng.randint(1, 5) if r < 0.95 else int(rng.paretovariate(1.2) * 5))
            year = rng.choice([2022, 2023, 2024])
            row = {c: "" for c in COLUMNS}
            row.update({"event_id_cnty": "%s%d" % (iso, i), "event_date": "%d-%02d-%02d" % (year, rng.randint(1, 12),
                        rng.randint(1, 28)), "year": year, "event_type": "Battles", "sub_event_type": "Armed clash",
                        "actor1": "Military Forces", "actor2": "Rebel Group", "country": country, "admin1": admin1,
                        "location": "Town %d" % rng.randint(1, 500), "source": rng.choice(["Reuters", "AFP", "Local media"]),
                        "notes": "On a date, clashes near a town; %d killed." % deaths, "fatalities": deaths, "iso": iso})
            w.writerow([row[c] for c in COLUMNS])


def timed(args):
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M"] + args, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    rss = int(re.search(r"MAXRSS (\d+)", p.stderr).group(1)) / 1024
    return wall, rss, p.stderr.strip().splitlines()[-2] if len(p.stderr.strip().splitlines()) > 1 else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--laplace-events", type=int, default=5_000)
    a = ap.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    subprocess.run(["swift", "build", "-c", "release", "--product", "casualty"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True,
                                         capture_output=True, text=True, cwd=ROOT).stdout.strip(), "casualty")
    with tempfile.TemporaryDirectory() as tmp:
        export, claims = os.path.join(tmp, "acled.csv"), os.path.join(tmp, "claims.csv")
        write_export(export, a.events)
        rows = []
        wall, rss, note = timed([binary, "import", "acled", export, "--out", claims])
        rows.append(("import acled", a.events, wall, rss, note))
        for method in ("most-conservative", "weighted-median"):
            wall, rss, note = timed([binary, "batch", claims, "--method", method, "--out", os.path.join(tmp, "o.csv")])
            rows.append(("batch --method " + method, a.events, wall, rss, note))
        small = os.path.join(tmp, "small.csv")
        with open(claims) as src, open(small, "w") as dst:
            for i, line in enumerate(src):
                if i > a.laplace_events:
                    break
                dst.write(line)
        wall, rss, note = timed([binary, "batch", small, "--method", "laplace", "--out", os.path.join(tmp, "o.csv")])
        rows.append(("batch --method laplace", a.laplace_events, wall, rss, note))
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = "%s, %s, %d cores, Python %s" % (platform.platform(), platform.processor() or platform.machine(),
                                              os.cpu_count(), platform.python_version())
    lines = ["", "## ACLED-sized, %s on %s" % (stamp, machine), "",
             "Synthetic ACLED export (documented columns; one claim per event: fatalities as a lower bound), "
             "release build, OPENBLAS_NUM_THREADS=1, --threads = cores. The last column extrapolates linearly to "
             "2,500,000 events (reading is streamed, so time grows with the events).", "",
             "| step | events | wall (s) | events/s | peak memory (MB) | 2.5M events (extrapolated) |",
             "|---|---|---|---|---|---|"]
    for step, n, wall, rss, _ in rows:
        lines.append("| %s | %d | %.2f | %.0f | %.0f | %s |" % (step, n, wall, n / wall, rss, duration(ACLED * wall / n)))
    lines.append("")
    lines += ["%s: %s" % (step, note) for step, _, _, _, note in rows if note]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


def duration(seconds):
    if seconds < 120:
        return "%.0f s" % seconds
    if seconds < 7200:
        return "%.0f min" % (seconds / 60)
    return "%.1f h" % (seconds / 3600)


if __name__ == "__main__":
    main()
