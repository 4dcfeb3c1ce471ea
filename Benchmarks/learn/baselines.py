"""casualty learn against the truth-discovery baselines CRH, CATD and GTM, on the same claims.

    python3 Benchmarks/learn/baselines.py [--acw ../shared/data/acw-battles]

Two comparisons, appended to Benchmarks/learn/RESULTS.md with the date and machine:

1. Simulation with known truth: 2,000 events of 4 cells, 10 exact claims each from 30 sources
   with noise sd 0.1-1.0 and bias -0.4..+0.4 on the log1p scale (the design of
   SourceLearningTests). Mean absolute error of each method's estimate of every quantity.
2. The Civil War compilers (`casualty import acw`), no truth: each compiler held out in turn
   and a random 20% of claims; each method fitted on the rest predicts the held-out readings
   (mean absolute error on the log1p scale), with every compiler's split pooled, and casualty's
   difference to the best baseline with its standard error clustered by quantity.

Every method sees the same readings: log1p of exact claims and the log1p middle of ranges,
on quantities (event x cells) that two or more sources speak about; one-sided bounds are left
out, as `casualty learn` leaves them out. The baselines are written from their papers:
- CRH (Li et al., SIGMOD 2014): weights w_s = -log(loss_s / sum loss), loss the squared
  distance to the current truths; truths the weighted mean; 20 rounds.
- CATD (Li et al., VLDB 2015): w_s = chi2.ppf(alpha/2, n_s) / loss_s, the quantile of the
  chi-square with the source's claim count (the paper's upper confidence bound on precision;
  trustfuse calls the CDF there), alpha = 0.05; truths the weighted mean; 20 rounds.
- GTM (Zhao and Han, QDB 2012): truths with a normal prior (mean of the quantity's claims,
  variance 1), source variances with an inverse-gamma(2, 0.1) prior, EM to convergence.
casualty: `casualty learn` on the training claims (its defaults), then each quantity's
estimate as `casualty learn --evaluate` makes it: the median of the quantity's posterior given
its readings, under the learned error law (the default contaminated normal: each source's bias,
usual sd and share of gross errors, Student-t with 4 df of the pooled gross scale; a range's
own spread added to both), on a grid (`QuantityPosterior` in Sources/CasualtyModel/Learn).
"""
import argparse
import csv
import datetime
import math
import os
import platform
import random
import re
import subprocess
import tempfile

import numpy as np
from scipy.stats import chi2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def reading(text):
    t = text.strip().lower()
    if re.fullmatch(r"\d+", t):
        return math.log1p(float(t))
    m = re.fullmatch(r"between (\d+) and (\d+)", t)
    if m:
        return (math.log1p(float(m.group(1))) + math.log1p(float(m.group(2)))) / 2
    return None


def load(path):
    """[(unit, source, y)] for quantities two or more sources speak about."""
    by_unit = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            y = reading(r["claim"])
            if y is None:
                continue
            by_unit.setdefault((r["event"], r["what"], r["who"]), []).append((r["source"], y, r))
    out = []
    for unit, items in by_unit.items():
        if len({s for s, _, _ in items}) >= 2:
            out += [(unit, s, y, row) for s, y, row in items]
    return out


def mean_truths(obs, weight=lambda s: 1.0, bias=lambda s: 0.0):
    num, den = {}, {}
    for u, s, y, _ in obs:
        w = weight(s)
        num[u] = num.get(u, 0) + w * (y - bias(s))
        den[u] = den.get(u, 0) + w
    return {u: num[u] / den[u] for u in num}


def crh(obs):
    truths = mean_truths(obs)
    for _ in range(20):
        loss = {}
        for u, s, y, _ in obs:
            loss[s] = loss.get(s, 0) + (y - truths[u]) ** 2
        total = sum(loss.values())
        w = {s: -math.log(max(l, 1e-12) / total) for s, l in loss.items()}
        truths = mean_truths(obs, lambda s: w[s])
    return truths


def catd(obs, alpha=0.05):
    truths = mean_truths(obs)
    counts = {}
    for _, s, _, _ in obs:
        counts[s] = counts.get(s, 0) + 1
    for _ in range(20):
        loss = {}
        for u, s, y, _ in obs:
            loss[s] = loss.get(s, 0) + (y - truths[u]) ** 2
        w = {s: chi2.ppf(alpha / 2, counts[s]) / max(loss[s], 1e-12) for s in loss}
        truths = mean_truths(obs, lambda s: w[s])
    return truths


def gtm(obs, a=2.0, b=0.1, prior_var=1.0):
    prior = mean_truths(obs)
    var = {s: 0.1 for _, s, _, _ in obs}
    truths = dict(prior)
    for _ in range(200):
        num, den = {u: prior[u] / prior_var for u in prior}, {u: 1 / prior_var for u in prior}
        for u, s, y, _ in obs:
            num[u] += y / var[s]
            den[u] += 1 / var[s]
        truths = {u: num[u] / den[u] for u in num}
        ss, n = {}, {}
        for u, s, y, _ in obs:
            ss[s] = ss.get(s, 0) + (y - truths[u]) ** 2
            n[s] = n.get(s, 0) + 1
        new = {s: (2 * b + ss[s]) / (2 * (a + 1) + n[s]) for s in ss}
        if max(abs(new[s] - var[s]) for s in new) < 1e-9:
            var = new
            break
        var = new
    return truths


def casualty_truths(binary, obs, tmp):
    """casualty learn on these claims, then each quantity's posterior median under its error law."""
    path = os.path.join(tmp, "train.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event", "source", "what", "who", "claim", "source_side"])
        for (event, what, who), s, y, row in sorted(obs, key=lambda o: o[0]):
            w.writerow([event, s, what, who, row["claim"], "neutral"])
    out = os.path.join(tmp, "sources.yaml")
    subprocess.run([binary, "learn", path, "--out", out], check=True, capture_output=True)
    fields, current = {}, None
    for line in open(out):
        m = re.match(r'  "(.+)":$', line)
        if m:
            current = fields.setdefault(m.group(1), {})
        m = re.match(r"    (sigma|bias|gross_share|gross_sigma): (\S+)$", line)
        if m and current is not None:
            current[m.group(1)] = float(m.group(2))
    key = lambda s: re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    get = lambda s, name, default: fields.get(key(s), {}).get(name, default)
    by_unit = {}
    for u, s, y, row in obs:
        k2 = spread2(row["claim"])
        by_unit.setdefault(u, []).append(Reading(y, get(s, "bias", 0), get(s, "sigma", 1) ** 2 + k2,
                                                 get(s, "gross_share", 0), get(s, "gross_sigma", 1) ** 2 + k2))
    return {u: posterior_median(items) for u, items in by_unit.items()}, lambda s: get(s, "bias", 0)


class Reading:
    """A reading, its source's bias, usual variance, gross share and gross variance."""
    def __init__(self, y, bias, scale2, share, gross2):
        self.y, self.bias, self.scale2, self.share, self.gross2 = y, bias, scale2, share, gross2


def log_density(r, theta, df=4.0):
    """The contaminated normal of `casualty learn` at the grid `theta` (a normal core about theta
    + bias; a share of gross errors, Student-t with df about theta)."""
    z2 = (r.y - r.bias - theta) ** 2 / r.scale2
    core = math.log1p(-r.share) - 0.5 * math.log(2 * math.pi * r.scale2) - z2 / 2
    if r.share <= 0:
        return core
    gross = (math.log(r.share) + math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
             - 0.5 * math.log(df * math.pi * r.gross2) - (df + 1) / 2 * np.log1p((r.y - theta) ** 2 / r.gross2 / df))
    return np.logaddexp(core, gross)


def spread2(text):
    """A range's own variance on the log1p scale: (half its width / 1.645)^2; 0 for a figure."""
    m = re.fullmatch(r"between (\d+) and (\d+)", text.strip().lower())
    if not m:
        return 0.0
    k = (math.log1p(float(m.group(2))) - math.log1p(float(m.group(1)))) / 2 / 1.645
    return k * k


def posterior_median(items):
    """The median of theta under a flat prior and the readings' error laws, on a grid of steps
    of a fifth of the narrowest scale (at most 0.006) over the centres +- 10 of the widest."""
    centres = [r.y - r.bias for r in items] + [r.y for r in items if r.share > 0]
    wide = max(max(r.scale2, r.gross2 if r.share > 0 else 0) for r in items) ** 0.5
    narrow = min(r.scale2 for r in items) ** 0.5
    lo, hi = min(centres) - 10 * wide, max(centres) + 10 * wide
    step = max(min(narrow / 5, 0.006), (hi - lo) / 6000)
    grid = lo + step * np.arange(int((hi - lo) / step) + 2)
    logp = sum(log_density(r, grid) for r in items)
    mass = np.exp(logp - logp.max())
    cumulative = np.cumsum(mass) / mass.sum()
    k = int(np.searchsorted(cumulative, 0.5))
    below = cumulative[k - 1] if k > 0 else 0.0
    return grid[k] - step / 2 + (0.5 - below) / (cumulative[k] - below) * step


def simulate(events=2000, seed=7):
    rng = random.Random(seed)
    S = 30
    sigma = [0.1 + 0.9 * i / (S - 1) for i in range(S)]
    bias = [-0.4 + 0.8 * ((i * 7) % S) / (S - 1) for i in range(S)]
    m = sum(bias) / S
    bias = [b - m for b in bias]
    obs, truth = [], {}
    for e in range(events):
        cells = [2.5 + 1.5 * rng.gauss(0, 1) for _ in range(4)]
        per = {}
        for _ in range(10):
            s, c = rng.randrange(S), rng.randrange(4)
            y = cells[c] + bias[s] + sigma[s] * rng.gauss(0, 1)
            count = max(0, round(math.expm1(y)))
            per.setdefault(c, []).append(("s%d" % s, math.log1p(count), {"claim": str(count)}))
        for c, items in per.items():
            if len({s for s, _, _ in items}) >= 2:
                unit = ("e%d" % e, "killed", "g%d" % c)
                truth[unit] = cells[c]
                obs += [(unit, s, y, row) for s, y, row in items]
    return obs, truth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--acw", default=os.path.join(os.path.dirname(ROOT), "shared/data/acw-battles"))
    a = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "casualty"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout.strip(), "casualty")
    methods = {"equal weights": mean_truths, "CRH": crh, "CATD": catd, "GTM": gtm}
    lines = ["", "## %s on %s, %d cores" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), platform.platform(),
                                             os.cpu_count()), ""]
    with tempfile.TemporaryDirectory() as tmp:
        obs, truth = simulate()
        lines += ["Simulation (2,000 events, 30 sources, counts rounded to whole people): mean absolute error of the "
                  "quantities' estimates against the truth (log1p scale), %d quantities." % len(truth), "",
                  "| method | MAE |", "|---|---|"]
        results = {name: f(obs) for name, f in methods.items()}
        results["casualty learn"] = casualty_truths(binary, obs, tmp)[0]
        for name, t in results.items():
            mae = sum(abs(t[u] - truth[u]) for u in truth) / len(truth)
            lines.append("| %s | %.3f |" % (name, mae))
        acw = os.path.join(tmp, "acw.csv")
        subprocess.run([binary, "import", "acw", a.acw, "--out", acw], check=True, capture_output=True)
        obs = load(acw)
        sources = sorted({s for _, s, _, _ in obs})
        rng = random.Random(1)
        random_out = {i for i in range(len(obs)) if rng.random() < 0.2}
        splits = [(s, {i for i, o in enumerate(obs) if o[1] == s}, False) for s in sources]
        splits.append(("random 20%", random_out, True))
        lines += ["", "Civil War compilers, held-out readings predicted by each method fitted on the rest "
                  "(mean absolute error, log1p scale; casualty adds the held-out source's learned bias when the "
                  "source is known):", "",
                  "| held out | claims | equal | CRH | CATD | GTM | casualty learn | casualty - best baseline (se) |",
                  "|---|---|---|---|---|---|---|---|"]
        pooled, pooled_mine = {name: {} for name in methods}, {}
        for label, held, known in splits:
            if label == "random 20%":
                lines.append(held_out_row("every compiler in turn", pooled, pooled_mine, obs))
            train = [o for i, o in enumerate(obs) if i not in held]
            test = [obs[i] for i in held]
            errors = {}
            for name, f in methods.items():
                t = f(train)
                errors[name] = {i: abs(y - t[u]) for i, (u, s, y, _) in zip(held, test) if u in t}
            t, b = casualty_truths(binary, train, tmp)
            mine = {i: abs(y - (t[u] + (b(s) if known else 0))) for i, (u, s, y, _) in zip(held, test) if u in t}
            if not known:
                for name in methods:
                    pooled[name].update(errors[name])
                pooled_mine.update(mine)
            lines.append(held_out_row(label, errors, mine, obs))
    record(lines)


def held_out_row(label, errors, mine, obs):
    """A table row: each method's mean absolute error on the held-out claims, and casualty's
    difference to the best of CRH, CATD and GTM with its standard error."""
    row = [sum(e.values()) / len(e) for e in errors.values()] + [sum(mine.values()) / len(mine)]
    best = min(list(errors)[1:], key=lambda name: sum(errors[name].values()) / len(errors[name]))
    diff, se = paired_difference(mine, errors[best], {i: obs[i][0] for i in mine})
    return "| %s | %d | %s | %+.3f (%.3f) vs %s |" % (label, len(mine), " | ".join("%.3f" % x for x in row),
                                                      diff, se, best)


def paired_difference(a, b, unit):
    """The mean of a - b over the claims both score, and its standard error clustered by quantity
    (a quantity's claims share its estimate, so they are not independent): sqrt(sum over clusters
    of (sum of the cluster's d - mean))^2) / n."""
    keys = [i for i in a if i in b]
    d = {i: a[i] - b[i] for i in keys}
    mean = sum(d.values()) / len(d)
    clusters = {}
    for i in keys:
        clusters[unit[i]] = clusters.get(unit[i], 0.0) + d[i] - mean
    return mean, math.sqrt(sum(c * c for c in clusters.values())) / len(d)


def record(lines):
    """Appends the lines to Benchmarks/learn/RESULTS.md and prints them."""
    text = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
