"""The checked Laplace path end to end on Khan Tuman (issue 10's target: under 50 ms).

Run from the repository root:   python3 Benchmarks/laplace/bench_laplace.py
It builds the release binary twice (the default, and with `--static-swift-stdlib`, which
saves the dynamic loading of the Swift runtime at every start) and times, as a user
experiences them (process start to exit, median of RUNS runs, output to /dev/null):
`--version` (the cost of starting at all), `validate` (reading the case and checking its
quotes against the documents), and `estimate --method laplace` for all default quantities,
whose output says whether the check trusted the fit (no fallback to NUTS). Results are
appended to Benchmarks/laplace/RESULTS.md with the date and machine.
"""
import datetime, json, os, platform, statistics, subprocess, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = "Models/khan-tuman-2016/case.yaml"
RUNS = 30
BUILDS = {"release": [], "release, static Swift runtime": ["--static-swift-stdlib", "--scratch-path", ".build-static"]}


def sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout


def median_wall(args):
    walls = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def measure(flags):
    sh("swift", "build", "-c", "release", "--product", "casualty", *flags)
    binary = os.path.join(sh("swift", "build", "-c", "release", "--show-bin-path", *flags).strip(), "casualty")
    out = json.loads(sh(binary, "estimate", CASE, "--method", "laplace", "--format", "json"))
    methods = sorted({e["method"] for e in out["estimates"]})
    return {"start": median_wall([binary, "--version"]),
            "validate": median_wall([binary, "validate", CASE]),
            "estimate": median_wall([binary, "estimate", CASE, "--method", "laplace"]),
            "quantities": len(out["estimates"]), "methods": methods}


def main():
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = "%s, %s, %d cores" % (platform.platform(), platform.processor() or platform.machine(), os.cpu_count())
    lines = ["", "## %s on %s" % (stamp, machine), "",
             "Median of %d runs, process start to exit, OPENBLAS_NUM_THREADS=1, Khan Tuman case." % RUNS, "",
             "| build | `--version` (ms) | `validate` (ms) | `estimate --method laplace` (ms) | quantities | method(s) that answered |",
             "|---|---|---|---|---|---|"]
    for name, flags in BUILDS.items():
        r = measure(flags)
        lines.append("| %s | %.1f | %.1f | %.1f | %d | %s |" % (name, 1000 * r["start"], 1000 * r["validate"],
                     1000 * r["estimate"], r["quantities"], ", ".join(r["methods"])))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "Benchmarks/laplace/RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
