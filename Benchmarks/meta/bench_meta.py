"""Batch meta-analysis speed: this tool vs vectorised numpy vs statsmodels.

Run from the repository root:  python3 Benchmarks/meta/bench_meta.py [events]
Makes a synthetic file of EVENTS (default 100,000) events x 10 reports (columns event, yi,
vi; seed 1), then measures events per second for DL, REML and PM, and for all nine
estimators in this tool, separately for the estimation alone and end to end (reading the
file included). This tool runs single-threaded (--threads 1, a per-core figure) and on all
cores; numpy is vectorised over events (one core) and computes
the same outputs (estimate, se, CI, PI, Q and its p-value with scipy, I^2, H^2); statsmodels' combine_effects is called per
event on the first 2,000 events (it has no batch interface) and reported per event.
Results are appended to Benchmarks/meta/RESULTS.md with the date and machine.
"""
import datetime, os, platform, subprocess, sys, time
import numpy as np

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
E = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
K = 10
PATH = "/tmp/casualty-bench-meta-%d.csv" % E
THRESHOLD = 1e-12


def make_file():
    rng = np.random.default_rng(1)
    mu = rng.normal(0, 1, E)
    tau = rng.uniform(0, 0.6, E)
    v = rng.uniform(0.01, 0.5, (E, K))
    y = mu[:, None] + rng.normal(0, 1, (E, K)) * tau[:, None] + rng.normal(0, 1, (E, K)) * np.sqrt(v)
    with open(PATH, "w") as f:
        f.write("event,yi,vi\n")
        ev = np.repeat(np.arange(E), K)
        np.savetxt(f, np.column_stack([ev, y.ravel(), v.ravel()]), fmt=["%d", "%.17g", "%.17g"], delimiter=",")


# ---------------------------------------------------------------- numpy, vectorised over events
def np_dl(y, v):
    w = 1 / v
    sw = w.sum(1)
    mu = (w * y).sum(1) / sw
    q = (w * (y - mu[:, None]) ** 2).sum(1)
    t2 = np.maximum(0, (q - (K - 1)) / (sw - (w ** 2).sum(1) / sw))
    return t2


def np_reml(y, v):
    # Fisher scoring from the HE value, as metafor, until every event moves less than THRESHOLD.
    t2 = np.maximum(0, y.var(1, ddof=1) - v.mean(1))
    active = np.ones(len(y), bool)
    for _ in range(1000):
        w = 1 / (v[active] + t2[active, None])
        sw = w.sum(1)
        mu = (w * y[active]).sum(1) / sw
        r = y[active] - mu[:, None]
        sw2, sw3 = (w ** 2).sum(1), (w ** 3).sum(1)
        adj = ((w ** 2 * r ** 2).sum(1) - (sw - sw2 / sw)) / (sw2 - 2 * sw3 / sw + (sw2 / sw) ** 2)
        old = t2[active]
        new = old + adj
        while (new < 0).any():
            adj = np.where(new < 0, adj / 2, adj)
            new = old + adj
        t2[active] = new
        done = np.abs(new - old) < THRESHOLD
        idx = np.flatnonzero(active)
        active[idx[done]] = False
        if not active.any():
            break
    return t2


def np_pm(y, v):
    # Paule-Mandel by vectorised bisection of Q(tau2) = K - 1 on [0, 100] to width THRESHOLD.
    def gq(t2):
        w = 1 / (v + t2[:, None])
        mu = (w * y).sum(1) / w.sum(1)
        return (w * (y - mu[:, None]) ** 2).sum(1)
    lo, hi = np.zeros(len(y)), np.full(len(y), 100.0)
    zero = gq(lo) < K - 1
    while (hi - lo).max() > THRESHOLD:
        mid = (lo + hi) / 2
        above = gq(mid) > K - 1
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    return np.where(zero, 0, (lo + hi) / 2)


def finish(y, v, t2):
    """Everything casualty reports per event and method (z test, 95%): estimate, se, CI, PI,
    Q with its p-value, I^2, H^2 -- so that both sides do the same work."""
    from scipy.special import gammaincc
    w = 1 / (v + t2[:, None])
    sw = w.sum(1)
    mu = (w * y).sum(1) / sw
    se = np.sqrt(1 / sw)
    crit = 1.959963984540054
    ci = (mu - crit * se, mu + crit * se)
    half = crit * np.sqrt(se ** 2 + t2)
    pi = (mu - half, mu + half)
    w0 = 1 / v
    sw0 = w0.sum(1)
    mu0 = (w0 * y).sum(1) / sw0
    q = (w0 * (y - mu0[:, None]) ** 2).sum(1)
    qp = gammaincc((K - 1) / 2, q / 2)
    s2 = (K - 1) * sw0 / (sw0 ** 2 - (w0 ** 2).sum(1))
    i2 = 100 * t2 / (s2 + t2)
    h2 = (t2 + s2) / s2
    return mu, se, ci, pi, q, qp, i2, h2


def run_numpy(name, f):
    t0 = time.perf_counter()
    data = np.loadtxt(PATH, delimiter=",", skiprows=1)
    y, v = data[:, 1].reshape(E, K), data[:, 2].reshape(E, K)
    t1 = time.perf_counter()
    t2 = f(y, v)
    finish(y, v, t2)
    t3 = time.perf_counter()
    return {"tool": "numpy %s (vectorised)" % np.__version__, "method": name,
            "estimate_s": t3 - t1, "end_to_end_s": t3 - t0}


def run_statsmodels(name, method_re):
    import statsmodels
    from statsmodels.stats.meta_analysis import combine_effects
    n = min(E, 2000)
    data = np.loadtxt(PATH, delimiter=",", skiprows=1, max_rows=n * K)
    y, v = data[:, 1].reshape(n, K), data[:, 2].reshape(n, K)
    t0 = time.perf_counter()
    for i in range(n):
        combine_effects(y[i], v[i], method_re=method_re)
    dt = time.perf_counter() - t0
    return {"tool": "statsmodels %s combine_effects (per event, %d events)" % (statsmodels.__version__, n),
            "method": name, "estimate_s": dt * E / n, "end_to_end_s": None}


def run_casualty(binary, method, threads):
    t0 = time.perf_counter()
    p = subprocess.run([binary, "meta", PATH, "--by", "event", "--method", method, "--threads", str(threads),
                        "--timings", "--out", "/tmp/casualty-bench-meta-out.csv"], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    est = [float(l.split()[-2]) for l in p.stderr.splitlines() if l.startswith("timing: estimate")][0]
    return {"tool": "casualty (release, %d thread%s)" % (threads, "" if threads == 1 else "s"), "method": method,
            "estimate_s": est, "end_to_end_s": wall}


def main():
    if not os.path.exists(PATH):
        make_file()
    subprocess.run(["swift", "build", "-c", "release"], check=True, cwd=ROOT, capture_output=True)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True, cwd=ROOT,
                                         capture_output=True, text=True).stdout.strip(), "casualty")
    rows = []
    for m in ["dl", "reml", "pm", "all"]:
        rows.append(run_casualty(binary, m, 1))
    rows.append(run_casualty(binary, "all", os.cpu_count()))
    rows += [run_numpy("dl", np_dl), run_numpy("reml", np_reml), run_numpy("pm", np_pm)]
    rows += [run_statsmodels("dl", "chi2"), run_statsmodels("pm", "iterated")]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = "%s, %d cores, Python %s" % (platform.platform(), os.cpu_count(), platform.python_version())
    lines = ["", "## %s on %s" % (stamp, machine), "",
             "%d events x %d reports; tau2 to 1e-12 (REML change, PM interval); events/second." % (E, K), "",
             "| tool | method | estimation (s) | events/s estimation | end to end (s) | events/s end to end |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        ee = "%.2f | %.0f" % (r["end_to_end_s"], E / r["end_to_end_s"]) if r["end_to_end_s"] else "n/a | n/a"
        lines.append("| %s | %s | %.3f | %.0f | %s |" % (r["tool"], r["method"], r["estimate_s"], E / r["estimate_s"], ee))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "Benchmarks/meta/RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
