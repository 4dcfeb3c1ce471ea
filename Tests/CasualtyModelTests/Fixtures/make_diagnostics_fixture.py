"""Reference values for Diagnostics (R-hat, bulk and tail ESS) from ArviZ.

Regenerate with:  python3 Tests/CasualtyModelTests/Fixtures/make_diagnostics_fixture.py
ArviZ implements the same definitions (Vehtari et al. 2021) as the R package posterior:
arviz.rhat(method="rank"), arviz.ess(method="bulk"), arviz.ess(method="tail").
"""
import json, numpy as np, arviz

rng = np.random.default_rng(20211)
cases = {}
# 1. iid normal, 4 chains x 1000
cases["iid"] = rng.normal(size=(4, 1000))
# 2. AR(1) with phi = 0.9
x = np.zeros((4, 1000))
for c in range(4):
    e = rng.normal(size=1000)
    for i in range(1, 1000):
        x[c, i] = 0.9 * x[c, i - 1] + e[i]
cases["ar1"] = x
# 3. one chain shifted by 1 sd
y = rng.normal(size=(4, 500)); y[0] += 1.0
cases["shifted"] = y
# 4. heavy tails: Cauchy draws, 4 chains x 400
cases["cauchy"] = rng.standard_cauchy(size=(4, 400))

out = {"arviz_version": arviz.__version__, "numpy_version": np.__version__, "cases": {}}
for name, d in cases.items():
    out["cases"][name] = {
        "draws": d.tolist(),
        "rhat": float(arviz.rhat(d, method="rank")),
        "ess_bulk": float(arviz.ess(d, method="bulk")),
        "ess_tail": float(arviz.ess(d, method="tail")),
    }
with open(__file__.replace("make_diagnostics_fixture.py", "diagnostics.json"), "w") as f:
    json.dump(out, f)
for k, v in out["cases"].items():
    print(k, v["rhat"], v["ess_bulk"], v["ess_tail"])
