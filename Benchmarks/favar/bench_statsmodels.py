#!/usr/bin/env python3
"""numpy/statsmodels side of the FAVAR benchmark (the Swift side is `FAVARBenchmark.run`;
`Benchmarks/favar/run.sh` runs both in one go).

Panel: FRED-MD 2023-06, 1960-01..2019-12, prepared by the numpy McCracken-Ng port
(Tests/Fixtures/generate_prepare.py) with FEDFUNDS left out; FEDFUNDS in levels (not timed).
Model and steps as Tests/Fixtures/generate_favar.py (the parity reference): BBE baseline K = 3,
VAR(13) with a constant on [F1, F2, F3, FEDFUNDS], loadings by OLS on [1, F, R].

Tasks (medians in seconds; run with OPENBLAS_NUM_THREADS=1):
  fit              standardize + PCs + statsmodels VAR(13) + loadings of all 126 series
  responses        level responses of the 20 series (FAVARBenchmark.series) to 25 bp, 48 months
  fit_responses    both
  bands_bootstrap  1,000 residual-bootstrap replications (resample the centred residuals, rebuild
                   the series recursively from the first 13 observations, refit with statsmodels,
                   orth_ma_rep) mapped through the fixed loadings; 90% percentile bands
  bands_mc         statsmodels' irf_resim (parametric Monte Carlo, burn 100) mapped the same way

    python3 Benchmarks/favar/bench_statsmodels.py [--repetitions 21] [--replications 1000]
                                                   [--band-repetitions 1] [--data DIR]
"""
import argparse
import os
import pathlib
import statistics
import sys
import time

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels  # noqa: E402
from statsmodels.tsa.api import VAR  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "Tests" / "Fixtures"))
import generate_favar as gf  # noqa: E402

SERIES = ["FEDFUNDS", "INDPRO", "CPIAUCSL", "TB3MS", "GS5", "BOGMBASE", "M2SL", "EXJPUSx", "PPICMM", "CUMFNS",
          "DPCERA3M086SBEA", "IPDCONGD", "IPNCONGD", "UNRATE", "PAYEMS", "CES0600000008", "HOUST", "AMDMNOx",
          "S&P div yield", "UMCSENTx"]
K, LAGS, STEPS, SHOCK, LEVEL = 3, 13, 48, 0.25, 0.90


def plans(fit, names, codes):
    """(loading vector on [F, R], sd, code) per benchmark series; FEDFUNDS is R itself."""
    out = []
    for s in SERIES:
        if s == "FEDFUNDS":
            out.append((np.eye(K + 1)[K], 1.0, 1))
        else:
            i = names.index(s)
            out.append((fit["coef"][1:, i], fit["sd"][i], codes[i]))
    return out


def level_paths(psi, plan):
    """Level responses (len(SERIES) x (STEPS+1)) from psi ((STEPS+1) x (K+1))."""
    return np.array([gf.scale_response(psi @ lam * sd, code, "level") for lam, sd, code in plan])


def responses(fit, names, codes):
    return level_paths(gf.policy_responses(fit["res"], STEPS, SHOCK), plans(fit, names, codes))


def percentile_bands(draws):
    """draws: reps x series x horizons -> (lower, upper) by statsmodels' order-statistic rule."""
    n = draws.shape[0]
    signif = 1 - LEVEL
    lo, hi = int(round(signif / 2 * n)) - 1, int(round((1 - signif / 2) * n)) - 1
    s = np.sort(draws, axis=0)
    return s[lo], s[hi]


def bootstrap_bands(fit, names, codes, replications, seed=1):
    res = fit["res"]
    y = fit["y"]
    t, k = y.shape
    p = res.k_ar
    resid = np.asarray(res.resid)
    u = resid - resid.mean(axis=0)
    c = np.asarray(res.params)[0]
    a = np.hstack([res.coefs[j] for j in range(p)])   # k x kp, [A1 A2 ...]
    plan = plans(fit, names, codes)
    rng = np.random.default_rng(seed)
    out = np.empty((replications, len(SERIES), STEPS + 1))
    for rep in range(replications):
        draw = u[rng.integers(0, u.shape[0], u.shape[0])]
        ys = np.empty_like(y)
        ys[:p] = y[:p]
        for s in range(p, t):
            lagged = ys[s - p:s][::-1].ravel()            # y_{s-1}, ..., y_{s-p}
            ys[s] = c + a @ lagged + draw[s - p]
        refit = VAR(ys).fit(p)
        theta = refit.orth_ma_rep(STEPS)
        psi = theta[:, :, k - 1] * (SHOCK / theta[0, k - 1, k - 1])
        out[rep] = level_paths(psi, plan)
    return percentile_bands(out)


def mc_bands(fit, names, codes, replications, seed=1):
    k = fit["y"].shape[1]
    sims = fit["res"].irf_resim(orth=True, repl=replications, steps=STEPS, rng=np.random.default_rng(seed), burn=100)
    plan = plans(fit, names, codes)
    out = np.empty((replications, len(SERIES), STEPS + 1))
    for rep in range(replications):
        theta = sims[rep]
        psi = theta[:, :, k - 1] * (SHOCK / theta[0, k - 1, k - 1])
        out[rep] = level_paths(psi, plan)
    return percentile_bands(out)


def timed(count, body):
    times = []
    for _ in range(max(1, count)):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=21)
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--band-repetitions", type=int, default=1)
    parser.add_argument("--data", type=pathlib.Path, default=gf.DEFAULT_DATA)
    args = parser.parse_args()

    x, names, codes, r, _, _, _ = gf.prepared_panel(args.data)
    out = {"data_checksum": float(x.sum() + r.sum()), "statsmodels": statsmodels.__version__,
           "numpy": np.__version__, "replications": args.replications}
    out["fit"] = timed(args.repetitions, lambda: gf.favar_fit(x, r, K, LAGS))
    fit = gf.favar_fit(x, r, K, LAGS)
    out["responses"] = timed(args.repetitions, lambda: responses(fit, names, codes))
    out["fit_responses"] = timed(args.repetitions, lambda: responses(gf.favar_fit(x, r, K, LAGS), names, codes))
    out["check_indpro_level_24"] = float(responses(fit, names, codes)[SERIES.index("INDPRO")][24])
    out["bands_bootstrap"] = timed(args.band_repetitions, lambda: bootstrap_bands(fit, names, codes, args.replications))
    out["bands_mc"] = timed(args.band_repetitions, lambda: mc_bands(fit, names, codes, args.replications))
    for key in sorted(out):
        value = out[key]
        print(key, repr(value) if isinstance(value, float) else value)


if __name__ == "__main__":
    main()
