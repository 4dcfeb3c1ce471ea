"""NUTS speed: this tool vs Stan (pystan 3) vs NumPyro on the same model and data.

Run from the repository root:   python3 Benchmarks/nuts/bench_nuts.py
(installs nothing; see Benchmarks/requirements.txt). It builds the release binary, exports
the Khan Tuman model with `casualty model-data`, and runs each sampler with 4 chains x 1000
warm-up x 1000 draws. Measured per tool: wall time (end to end as a user experiences it, and
sampling alone: casualty's `--timings`, Stan's `sample` call after `build`) and the minimum bulk ESS over the cell
parameters (bulk ESS is rank-based, so ESS of theta_c equals ESS of log theta_c). Bulk ESS is
computed by each tool's own diagnostics for casualty and by ArviZ for Stan and NumPyro.
Results are appended to Benchmarks/nuts/RESULTS.md with the date and machine.
"""
import datetime, json, os, platform, statistics, subprocess, sys, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASE = os.path.join(ROOT, "Models/khan-tuman-2016/case.yaml")
CHAINS, WARMUP, DRAWS, SEED = 4, 1000, 1000, 20160506
REPEATS = 5  # casualty runs; the median time is reported
ESS_SEEDS = 8  # seeds per tool for the ESS comparison; the median of the min bulk ESS is reported


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout


def casualty():
    sh("swift", "build", "-c", "release")
    binary = os.path.join(sh("swift", "build", "-c", "release", "--show-bin-path").strip(), "casualty")
    data = json.loads(sh(binary, "model-data", CASE))
    cells = [n[2:-1] for n in data["parameter_names"][: data["C"]]]
    args = [binary, "estimate", CASE, "--method", "nuts", "--format", "json", "--chains", str(CHAINS),
            "--warmup", str(WARMUP), "--draws", str(DRAWS), "--seed", str(SEED)]
    for c in cells:
        args += ["--query", c]
    walls, samplings = [], []
    for _ in range(REPEATS):  # the same seed: the same draws each time, only the clock varies
        t0 = time.perf_counter()
        proc = subprocess.run(args + ["--timings"], check=True, capture_output=True, text=True, cwd=ROOT)
        walls.append(time.perf_counter() - t0)
        samplings.append([float(l.split()[-2]) for l in proc.stderr.splitlines()
                          if l.startswith("timing: nuts sampling")][0])
    wall, sampling = statistics.median(walls), statistics.median(samplings)
    per_seed = []
    for k in range(ESS_SEEDS):  # ESS varies from seed to seed: compare medians, not one run
        seeded = [a if a != str(SEED) else str(SEED + k) for a in args]
        out = json.loads(sh(*seeded))
        per_seed.append(min(e["ess_bulk"] for e in out["estimates"] if e["method"] == "nuts"))
    ess = statistics.median(per_seed)
    lap_t0 = time.perf_counter()
    sh(binary, "estimate", CASE, "--method", "laplace", "--query", "killed:iranian")
    laplace_wall = time.perf_counter() - lap_t0
    return data, {"tool": "casualty (NUTS, release)", "wall_s": wall, "sampling_s": sampling, "min_ess_bulk": ess,
                  "min_ess_bulk_per_seed": per_seed,
                  "laplace_end_to_end_s": laplace_wall}


def stan(data):
    import stan as pystan
    import arviz
    code = open(os.path.join(ROOT, "Benchmarks/nuts/model.stan")).read()
    standata = {k: data[k] for k in ["C", "P", "R", "prior_mean", "prior_sd", "max_cells", "n_cells", "cell_idx",
                                      "bias_idx", "origin_idx", "kind", "a", "b", "sigma"]}

    def min_ess(fit):
        # fit._draws has shape (parameters, draws, chains); theta.k is the k-th element. (An
        # earlier version of this script reshaped fit["theta"] as if chains were contiguous;
        # they are interleaved, so each "chain" mixed all four and the ESS came out inflated,
        # close to the draw count: 3,738 where the true figure is about 2,700.)
        names = list(fit.sample_and_sampler_param_names) + list(fit.constrained_param_names)
        return min(float(arviz.ess(fit._draws[names.index("theta.%d" % (c + 1))].T, method="bulk"))
                   for c in range(data["C"]))

    t0 = time.perf_counter()
    posterior = pystan.build(code, data=standata, random_seed=SEED)
    t1 = time.perf_counter()
    # One timed sampling call: httpstan caches a fit by its arguments, so a repeated call
    # with the same seed returns at once without sampling.
    fit = posterior.sample(num_chains=CHAINS, num_warmup=WARMUP, num_samples=DRAWS)
    t2 = time.perf_counter()
    per_seed = [min_ess(fit)]
    for k in range(1, ESS_SEEDS):
        other = pystan.build(code, data=standata, random_seed=SEED + k)
        per_seed.append(min_ess(other.sample(num_chains=CHAINS, num_warmup=WARMUP, num_samples=DRAWS)))
    return {"tool": "Stan (pystan 3, CmdStan services)", "wall_s": t2 - t0, "sampling_s": t2 - t1,
            "compile_or_build_s": t1 - t0, "min_ess_bulk": statistics.median(per_seed), "min_ess_bulk_per_seed": per_seed}


def numpyro_run(data):
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=%d" % CHAINS
    import numpy as np
    import jax, jax.numpy as jnp
    import numpyro, numpyro.distributions as dist
    numpyro.enable_x64()  # the same double precision as the other two
    from numpyro.infer import MCMC, NUTS as NNUTS
    from jax.scipy.stats import norm
    import arviz
    C, P, R = data["C"], data["P"], data["R"]
    M = np.zeros((R, C))
    for r in range(R):
        for k in range(data["n_cells"][r]):
            M[r, data["cell_idx"][r][k] - 1] = 1
    B = np.zeros((R, C + P))
    for r in range(R):
        if data["bias_idx"][r] > 0: B[r, data["bias_idx"][r] - 1] += 1
        if data["origin_idx"][r] > 0: B[r, data["origin_idx"][r] - 1] += 1
    kind, a, b, s = (jnp.array(data[k]) for k in ["kind", "a", "b", "sigma"])
    M, B = jnp.array(M), jnp.array(B)
    pm, ps = jnp.array(data["prior_mean"]), jnp.array(data["prior_sd"])

    def model():
        theta = numpyro.sample("theta", dist.Normal(pm, ps))
        mu = jnp.log1p(M @ jnp.exp(theta[:C])) + B @ theta
        lpdf = norm.logpdf(a, mu, s)
        l_atleast = norm.logcdf((mu - a) / s)
        l_atmost = norm.logcdf((b - mu) / s)
        hi, lo = norm.logcdf((b - mu) / s), norm.logcdf((a - mu) / s)
        l_between = hi + jnp.log1p(-jnp.exp(jnp.minimum(lo - hi, -1e-12)))
        l_floor = jnp.where(mu < a, -0.5 * ((a - mu) / s) ** 2, 0.0)  # named floor: casualty's smooth wall
        ll = jnp.where(kind == 1, lpdf, jnp.where(kind == 2, l_atleast, jnp.where(kind == 3, l_atmost,
                       jnp.where(kind == 5, l_floor, l_between))))
        numpyro.factor("claims", ll.sum())

    t0 = time.perf_counter()
    mcmc = MCMC(NNUTS(model), num_warmup=WARMUP, num_samples=DRAWS, num_chains=CHAINS, chain_method="parallel",
                progress_bar=False)
    mcmc.run(jax.random.PRNGKey(SEED))
    theta = np.asarray(mcmc.get_samples(group_by_chain=True)["theta"])  # (chains, draws, dim)
    wall = time.perf_counter() - t0
    ess = min(float(arviz.ess(theta[:, :, c], method="bulk")) for c in range(C))  # (chains, draws): one seed
    return {"tool": "NumPyro %s (JAX %s), JIT included" % (numpyro.__version__, jax.__version__),
            "wall_s": wall, "sampling_s": wall, "min_ess_bulk": ess}


def main():
    data, ours = casualty()
    results = [ours]
    for f in (stan, numpyro_run):
        try:
            results.append(f(data))
        except Exception as e:  # record, do not hide, a tool that could not run
            results.append({"tool": f.__name__, "error": repr(e)})
    for r in results:
        if "min_ess_bulk" in r:
            r["ess_per_s_sampling"] = r["min_ess_bulk"] / r["sampling_s"]
            r["ess_per_s_wall"] = r["min_ess_bulk"] / r["wall_s"]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    machine = "%s, %s, %d cores, Python %s" % (platform.platform(), platform.processor() or platform.machine(),
                                              os.cpu_count(), platform.python_version())
    lines = ["", "## %s on %s" % (stamp, machine), "",
             "4 chains x %d warm-up x %d draws, Khan Tuman case, OPENBLAS_NUM_THREADS=1; casualty: median of %d runs, "
             "Stan: one sampling call (build time excluded when httpstan has the model cached); "
             "NumPyro: one run as a user experiences it, JIT included. Min bulk ESS over the cells: median over %d seeds "
             "for casualty and Stan (one seed for NumPyro)." % (WARMUP, DRAWS, REPEATS, ESS_SEEDS), "",
             "| tool | wall (s) | sampling (s) | min bulk ESS | ESS/s (sampling) | ESS/s (wall) |", "|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            lines.append("| %s | failed: %s | | | | |" % (r["tool"], r["error"][:80]))
        else:
            lines.append("| %s | %.2f | %.2f | %.0f | %.0f | %.0f |" % (r["tool"], r["wall_s"], r["sampling_s"],
                         r["min_ess_bulk"], r["ess_per_s_sampling"], r["ess_per_s_wall"]))
    lines.append("")
    for r in results:
        if "min_ess_bulk_per_seed" in r:
            lines.append("%s min bulk ESS per seed: %s." % (r["tool"], ", ".join("%.0f" % e for e in r["min_ess_bulk_per_seed"])))
    lines.append("casualty `estimate --method laplace` end to end: %.3f s." % ours["laplace_end_to_end_s"])
    text = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "Benchmarks/nuts/RESULTS.md"), "a") as f:
        f.write(text)
    print(text)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
