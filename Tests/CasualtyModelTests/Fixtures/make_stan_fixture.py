"""Reference posterior of the Khan Tuman case from Stan, for KhanTumanStanTests.

Regenerate (after changing the case or the model's defaults) from the repository root:
    swift build && python3 Tests/CasualtyModelTests/Fixtures/make_stan_fixture.py
Runs Benchmarks/nuts/model.stan (the same model, term for term) with pystan 3.10.0 on the
data printed by `casualty model-data`, 4 chains x 1,000 warm-up x 10,000 draws, seed 1, and
stores, for every cell count theta_c = exp(z_c), its 1%, 2%, ..., 99% quantiles (over the
draws at or above every named floor).
"""
import json, os, subprocess, logging
import numpy as np, stan

logging.disable(logging.CRITICAL)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
binary = os.path.join(subprocess.run(["swift", "build", "--show-bin-path"], capture_output=True, text=True,
                                     cwd=ROOT, check=True).stdout.strip(), "casualty")
data = json.loads(subprocess.run([binary, "model-data", os.path.join(ROOT, "Models/khan-tuman-2016/case.yaml")],
                                 capture_output=True, text=True, check=True).stdout)
code = open(os.path.join(ROOT, "Benchmarks/nuts/model.stan")).read()
keys = ["C", "P", "R", "prior_mean", "prior_sd", "max_cells", "n_cells", "cell_idx", "bias_idx", "origin_idx",
        "kind", "a", "b", "sigma"]
fit = stan.build(code, data={k: data[k] for k in keys}, random_seed=1).sample(
    num_chains=4, num_warmup=1000, num_samples=10000)
theta = np.exp(fit["theta"][: data["C"]])
# Named floors (kind 5): keep only the draws at or above every floor, as casualty does.
keep = np.ones(theta.shape[1], dtype=bool)
for r in range(data["R"]):
    if data["kind"][r] == 5:
        cells = [data["cell_idx"][r][k] - 1 for k in range(data["n_cells"][r])]
        keep &= np.log1p(theta[cells].sum(axis=0)) >= data["a"][r]
theta = theta[:, keep]
probs = [i / 100 for i in range(1, 100)]
out = {"tool": "pystan 3.10.0 (httpstan 4.13.0)", "draws": int(theta.shape[1]), "probs": probs,
       "cells": {data["parameter_names"][c][2:-1]: np.quantile(theta[c], probs).tolist() for c in range(data["C"])}}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "khan_tuman_stan.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", len(out["cells"]), "cells")
