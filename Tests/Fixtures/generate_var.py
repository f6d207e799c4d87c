#!/usr/bin/env python3
"""Reference values for the VAR engine's parity tests (ThesisModelsTests/VAR*Tests), computed
with statsmodels' `VAR` and scipy's distributions.

The model is the documented statsmodels example
(https://www.statsmodels.org/stable/vector_ar.html): a VAR(2) with a constant on the
log-differences, np.diff(np.log(...)), of realgdp, realcons and realinv from macrodata
(202 rows, 200 effective observations). Also written: the same data with trend "n" and "ct"
(fit statistics only), the lag-order table on a common sample (maxlags = 8), stability, MA and
orthogonalised MA matrices, cumulative effects, FEVD, forecasts with MSE intervals, Granger
causality (F and Wald), and scipy values of the special functions the Swift side implements
(regularised incomplete beta and gamma, F, chi-squared and normal distributions).

The data are read from ../shared/data/macrodata/macrodata.csv beside the repository. Run from
the repository root:

    python3 Tests/Fixtures/generate_var.py            # or: --data /path/to/shared/data

Writes Tests/Fixtures/var/macrodata-var2.json and Tests/Fixtures/var/special-functions.json.
Needs statsmodels (pip install statsmodels); versions are written into each file and
PROVENANCE.md.
"""
import argparse
import json
import math
import pathlib
import platform

import numpy as np
import pandas as pd
import scipy
import scipy.special as sc
import scipy.stats as st
import statsmodels
from statsmodels.tsa.api import VAR

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
NAMES = ["realgdp", "realcons", "realinv"]


def tolist(a):
    """Nested lists of floats (complex numbers are split by the caller)."""
    return np.asarray(a, dtype=float).tolist()


def versions():
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "statsmodels": statsmodels.__version__,
    }


def fit_summary(res):
    return {
        "params": tolist(res.params),
        "stderr": tolist(res.stderr),
        "sigma_u": tolist(res.sigma_u),
        "sigma_u_mle": tolist(res.sigma_u_mle),
        "resid_first": tolist(res.resid[:3]),
        "resid_last": tolist(res.resid[-3:]),
        "llf": float(res.llf),
        "aic": float(res.aic),
        "bic": float(res.bic),
        "hqic": float(res.hqic),
        "fpe": float(res.fpe),
        "nobs": int(res.nobs),
        "df_resid": int(res.df_resid),
    }


def macrodata_var(data: pathlib.Path):
    frame = pd.read_csv(data / "macrodata" / "macrodata.csv")
    levels = frame[NAMES].to_numpy(dtype=float)
    y = np.diff(np.log(levels), axis=0)  # 202 x 3
    endog = pd.DataFrame(y, columns=NAMES)  # names, for test_causality

    model = VAR(endog)
    res = model.fit(2)  # trend "c"
    out = {
        "versions": versions(),
        "description": "VAR(2), trend c, on np.diff(np.log(macrodata[[realgdp, realcons, realinv]]))",
        "names": NAMES,
        "rows": int(y.shape[0]),
        "lags": 2,
        "first_row": tolist(y[0]),
        "last_row": tolist(y[-1]),
        "c": fit_summary(res),
    }
    for trend in ("n", "ct"):
        out[trend] = fit_summary(VAR(endog).fit(2, trend=trend))

    # Lag order on a common sample.
    for trend in ("c", "n", "ct"):
        sel = VAR(endog).select_order(maxlags=8, trend=trend)
        out[f"select_order_{trend}"] = {
            "maxlags": 8,
            "ics": {k: [float(v) for v in vals] for k, vals in sel.ics.items()},
            "selected": {k: int(v) for k, v in sel.selected_orders.items()},
        }

    # Stability: eigenvalues of the companion matrix (statsmodels' `roots` are their inverses,
    # sorted by decreasing modulus of the root).
    roots = res.roots
    out["is_stable"] = bool(res.is_stable())
    out["roots_real"] = tolist(roots.real)
    out["roots_imag"] = tolist(roots.imag)
    out["roots_modulus"] = tolist(np.abs(roots))

    irf = res.irf(10)
    out["ma_rep"] = tolist(res.ma_rep(10))
    out["orth_ma_rep"] = tolist(res.orth_ma_rep(10))
    out["cum_effects"] = tolist(irf.cum_effects)
    out["orth_cum_effects"] = tolist(irf.orth_cum_effects)
    out["lr_effects"] = tolist(irf.lr_effects)
    out["orth_lr_effects"] = tolist(irf.orth_lr_effects)
    out["fevd_decomp"] = tolist(res.fevd(10).decomp)
    out["mse_5"] = tolist(res.mse(5))

    last = y[-2:]
    out["forecast_5"] = tolist(res.forecast(last, 5))
    for alpha in (0.05, 0.1):
        point, lower, upper = res.forecast_interval(last, 5, alpha=alpha)
        out[f"forecast_interval_{alpha}"] = {
            "point": tolist(point), "lower": tolist(lower), "upper": tolist(upper)}
    # trend "ct" forecasts use the trend's future values n_totobs+1, ...
    res_ct = VAR(endog).fit(2, trend="ct")
    out["forecast_5_ct"] = tolist(res_ct.forecast(last, 5))

    # Monte Carlo bands (statsmodels' parametric simulation); Swift cannot match them draw for
    # draw, the tests compare within Monte Carlo error.
    band = res.irf_errband_mc(orth=True, repl=1000, steps=10, signif=0.05,
                              rng=np.random.RandomState(12345), burn=100)
    out["irf_errband_mc"] = {"orth": True, "repl": 1000, "steps": 10, "signif": 0.05,
                             "lower": tolist(band.lower), "upper": tolist(band.upper)}

    tests = {}
    for kind in ("f", "wald"):
        for caused, causing in (("realgdp", ["realinv"]), ("realinv", ["realgdp", "realcons"]),
                                (["realgdp", "realcons"], ["realinv"])):
            t = res.test_causality(caused, causing, kind=kind)
            key = f"{kind}:{caused if isinstance(caused, str) else ','.join(caused)}<-{','.join(causing)}"
            df = t.df if isinstance(t.df, tuple) else (t.df,)
            tests[key] = {
                "caused": [caused] if isinstance(caused, str) else caused,
                "causing": causing,
                "kind": kind,
                "statistic": float(t.test_statistic),
                "pvalue": float(t.pvalue),
                "crit_value": float(t.crit_value),
                "df": [int(d) for d in df],
            }
    out["causality"] = tests
    return out


def special_functions():
    cases = {"versions": versions()}
    beta = []
    for a, b in [(0.5, 0.5), (1, 1), (2, 3), (3, 394), (0.5, 200), (50, 60), (1e-3, 2),
                 (200, 0.5), (1.5, 1000), (600, 600), (10, 2.5)]:
        for x in [1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999]:
            beta.append([a, b, x, float(sc.betainc(a, b, x))])
    gamma = []
    for a in [0.1, 0.5, 1, 2.5, 3, 10, 50.5, 100, 1000]:
        for x in [1e-5, 0.1, 0.5, 1, 2, 5, 10, 30, 100, 900, 1100]:
            gamma.append([a, x, float(sc.gammainc(a, x)), float(sc.gammaincc(a, x))])
    fdist = []
    for d1, d2 in [(1, 1), (2, 591), (4, 582), (6, 30), (10, 5), (1, 10000)]:
        for x in [0.01, 0.5, 1, 2.5, 4, 10, 50]:
            fdist.append([d1, d2, x, float(st.f.cdf(x, d1, d2)), float(st.f.sf(x, d1, d2))])
    fppf = []
    for d1, d2 in [(2, 591), (4, 582), (6, 30), (1, 10)]:
        for q in [0.9, 0.95, 0.99]:
            fppf.append([d1, d2, q, float(st.f.ppf(q, d1, d2))])
    chi2 = []
    for df in [1, 2, 4, 7, 30, 200]:
        for x in [0.001, 0.5, 1, 3.84, 10, 50, 250]:
            chi2.append([df, x, float(st.chi2.cdf(x, df)), float(st.chi2.sf(x, df))])
    chi2ppf = []
    for df in [1, 2, 4, 30]:
        for q in [0.9, 0.95, 0.99]:
            chi2ppf.append([df, q, float(st.chi2.ppf(q, df))])
    norm = []
    for p in [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9,
              0.95, 0.975, 0.99, 0.999, 1 - 1e-10]:
        norm.append([p, float(st.norm.ppf(p))])
    normcdf = []
    for x in [-38, -20, -8, -5, -3, -1.96, -1, -0.5, 0, 0.3, 1, 1.6448536269514722, 3, 6, 9]:
        normcdf.append([x, float(st.norm.cdf(x)), float(st.norm.sf(x))])
    lgam = [[x, float(sc.gammaln(x))] for x in [1e-8, 0.1, 0.5, 1, 1.5, 2, 3.7, 10, 171.5, 1e5]]
    cases.update({"betainc": beta, "gammainc": gamma, "f": fdist, "f_ppf": fppf, "chi2": chi2,
                  "chi2_ppf": chi2ppf, "norm_ppf": norm, "norm_cdf": normcdf, "lgamma": lgam})
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    outdir = HERE / "var"
    outdir.mkdir(exist_ok=True)
    for name, content in (("macrodata-var2.json", macrodata_var(args.data)),
                          ("special-functions.json", special_functions())):
        path = outdir / name
        path.write_text(json.dumps(content, indent=1, allow_nan=False) + "\n")
        print("wrote", path.relative_to(REPO))


if __name__ == "__main__":
    main()
