"""Full sensitivity analysis of the Khan Tuman case, Laplace and NUTS (issue targets: under
1 s and under 30 s on 2 cores).

Run from the repository root:  python3 Benchmarks/sensitivity/bench_sensitivity.py
Builds the release binary and times `casualty sensitivity Models/khan-tuman-2016/case.yaml
--method laplace|nuts` end to end (all default quantities, every scenario), median of 3
runs, appending the result to Benchmarks/sensitivity/RESULTS.md with the date and machine.
"""
import datetime, os, platform, statistics, subprocess, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = os.path.join(ROOT, "Models/khan-tuman-2016/case.yaml")


def main():
    subprocess.run(["swift", "build", "-c", "release"], check=True, cwd=ROOT, capture_output=True)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True, cwd=ROOT,
                                         capture_output=True, text=True).stdout.strip(), "casualty")
    rows = []
    for method in ["laplace", "nuts"]:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = subprocess.run([binary, "sensitivity", CASE, "--method", method, "--format", "json"], check=True,
                                 capture_output=True, text=True).stdout
            times.append(time.perf_counter() - t0)
        scenarios = out.count('"kind" :')
        rows.append((method, statistics.median(times), min(times), max(times), scenarios))
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = "%s, %d cores" % (platform.platform(), os.cpu_count())
    lines = ["", "## %s on %s" % (stamp, machine), "",
             "| method | scenarios | median (s) | min (s) | max (s) | target |", "|---|---|---|---|---|---|"]
    for m, med, lo, hi, n in rows:
        lines.append("| %s | %d | %.2f | %.2f | %.2f | %s |" % (m, n, med, lo, hi, "< 1 s" if m == "laplace" else "< 30 s"))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "Benchmarks/sensitivity/RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
