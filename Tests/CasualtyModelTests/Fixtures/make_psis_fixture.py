"""Reference PSIS results from ArviZ for PSISTests (Tests/CasualtyModelTests/Fixtures/psis.json).

Run: python3 Tests/CasualtyModelTests/Fixtures/make_psis_fixture.py   (needs numpy, arviz)
Cases: a normal target N(0, 1) importance-sampled from normal proposals N(0, s^2) with
s = 1.2 (wider: bounded weights), 0.7 and 0.4 (narrower: heavier weight tails), and log
ratios whose exponentials are Pareto with shape 0.9, each 4,000 (Pareto: 2,000) draws.
The call is arviz.psislw(log_ratios, reff=1, normalize=True).
"""
import json
import os

import arviz as az
import numpy as np

rng = np.random.default_rng(3)
cases = {}
for name, scale in [("wide", 1.2), ("mild", 0.7), ("bad", 0.4)]:
    q = rng.standard_normal(4000) * scale
    lr = -0.5 * q**2 + 0.5 * (q / scale) ** 2
    lw, k = az.psislw(lr.copy(), normalize=True)
    cases[name] = {"log_ratios": lr.tolist(), "log_weights": np.asarray(lw).tolist(), "k": float(k)}
lr = np.log(rng.pareto(1 / 0.9, 2000) + 1)
lw, k = az.psislw(lr.copy(), normalize=True)
cases["pareto"] = {"log_ratios": lr.tolist(), "log_weights": np.asarray(lw).tolist(), "k": float(k)}
out = {"tool": "arviz %s psislw(log_ratios, reff=1, normalize=True)" % az.__version__, "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "psis.json"), "w") as f:
    json.dump(out, f)
print({k: v["k"] for k, v in cases.items()})
