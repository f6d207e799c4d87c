#!/usr/bin/env python3
"""Reference values for the VAR residual diagnostics (VARDiagnosticsTests; `favar diagnostics`):
statsmodels' portmanteau test `VARResults.test_whiteness(nlags, adjusted)` and Jarque-Bera-type
normality test `VARResults.test_normality()`, with the per-component skewness and excess
kurtosis of the Cholesky-standardized residuals computed as statsmodels does internally.

Models: the VAR(2) with a constant on the log-differences of macrodata's realgdp, realcons and
realinv (generate_var.py), and the baseline FAVAR system of generate_favar.py (FRED-MD 2023-06,
1960-01..2019-12, K = 3, VAR(12) on [F1, F2, F3, FEDFUNDS]), both read from ../shared/data beside
the repository.

    python3 Tests/Fixtures/generate_var_diagnostics.py        # or: --data /path/to/shared/data

Writes Tests/Fixtures/var/var-diagnostics.json. Needs numpy, pandas, statsmodels.
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.api import VAR

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_favar as gf  # noqa: E402
import generate_prepare as gp  # noqa: E402


def diagnostics(res, lags):
    out = {"nobs": int(res.nobs), "k_ar": int(res.k_ar), "portmanteau": []}
    for h in lags:
        for adjusted in (False, True):
            w = res.test_whiteness(nlags=h, adjusted=adjusted)
            out["portmanteau"].append({"lags": h, "adjusted": adjusted, "statistic": float(w.test_statistic),
                                       "df": int(w.df), "pvalue": float(w.pvalue)})
    n = res.test_normality()
    resid_c = res.resid - res.resid.mean(0)
    resid_c = np.asarray(resid_c)
    sig = resid_c.T @ resid_c / res.nobs
    w = np.linalg.inv(np.linalg.cholesky(sig)) @ resid_c.T
    b1 = (w ** 3).sum(1) / res.nobs
    b2 = (w ** 4).sum(1) / res.nobs - 3
    out["normality"] = {"statistic": float(n.test_statistic), "df": int(n.df), "pvalue": float(n.pvalue),
                        "skewness": b1.tolist(), "excessKurtosis": b2.tolist()}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=gf.DEFAULT_DATA)
    args = parser.parse_args()
    frame = pd.read_csv(args.data / "macrodata" / "macrodata.csv")
    endog = np.diff(np.log(frame[["realgdp", "realcons", "realinv"]].values), axis=0)
    macro = diagnostics(VAR(endog).fit(2, trend="c"), [10, 16])
    x, names, codes, r, sample, _, _ = gf.prepared_panel(args.data)
    favar = diagnostics(gf.favar_fit(x, r, 3, 12)["res"], [24, 36])
    doc = {"generator": {**gp.generator(), "statsmodels": statsmodels.__version__},
           "macrodata": {"description": "VAR(2), trend c, on np.diff(np.log(macrodata[[realgdp, realcons, realinv]]))",
                         **macro},
           "favar": {"description": "baseline FAVAR of generate_favar.py: K=3, VAR(12) on [F1, F2, F3, FEDFUNDS]",
                     "source": "fred-md/2023-06.csv", "sha256": gp.sha16(args.data / "fred-md" / "2023-06.csv"),
                     **favar}}
    target = HERE / "var" / "var-diagnostics.json"
    target.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print(f"wrote {target.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
