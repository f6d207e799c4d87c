#!/usr/bin/env python3
"""Reference numbers for the ADF test (ThesisModelsTests/ADFParityTests, the `unitroot`
directive), from statsmodels' `adfuller` on macrodata (../shared/data/macrodata/macrodata.csv
beside the repository, never copied into it): series log(realgdp), infl, unemp, realint; each with
regression n, c and ct, and lag choice by AIC, by BIC (statsmodels' default maximum lag) and fixed
at 4 (autolag None); KPSS (regression c, ct; nlags auto, legacy, 4). Stored: adfstat, pvalue, usedlag, nobs, the 1%, 5% and 10% critical values,
icbest (null without autolag), and MacKinnon p-values of a grid of statistics.

    python3 Tests/Fixtures/generate_unitroot.py [--data DIR]

Writes Tests/Fixtures/unitroot/macrodata-adf.json. Needs numpy, pandas, statsmodels.
"""
import argparse
import json
import pathlib
import platform
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.adfvalues import mackinnonp
from statsmodels.tsa.stattools import adfuller, kpss

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    frame = pd.read_csv(args.data / "macrodata" / "macrodata.csv")
    series = {"log_realgdp": np.log(frame["realgdp"].to_numpy()), "infl": frame["infl"].to_numpy(),
              "unemp": frame["unemp"].to_numpy(), "realint": frame["realint"].to_numpy()}
    cases = []
    for name, x in series.items():
        for regression in ["n", "c", "ct"]:
            for autolag, maxlag in [("AIC", None), ("BIC", None), (None, 4)]:
                stat, p, lag, nobs, crit, *rest = adfuller(x, maxlag=maxlag, regression=regression, autolag=autolag,
                                                              result_object=False)
                cases.append({"series": name, "regression": regression, "autolag": autolag, "maxlag": maxlag,
                              "adfstat": stat, "pvalue": p, "usedlag": lag, "nobs": nobs,
                              "crit": [crit["1%"], crit["5%"], crit["10%"]],
                              "icbest": rest[0] if autolag else None})
    kpss_cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statistics outside the table's range: p at its bound
        for name, x in series.items():
            for regression in ["c", "ct"]:
                for nlags in ["auto", "legacy", 4]:
                    stat, p, lags, crit = kpss(x, regression=regression, nlags=nlags)
                    kpss_cases.append({"series": name, "regression": regression, "nlags": nlags, "stat": stat,
                                       "pvalue": p, "lags": lags,
                                       "crit": [crit["10%"], crit["5%"], crit["2.5%"], crit["1%"]]})
    grid = [float(t) for t in np.linspace(-20, 3, 93)]
    pvalues = {r: [mackinnonp(t, regression=r, N=1) for t in grid] for r in ["n", "c", "ct"]}
    out = {"source": "macrodata/macrodata.csv",
           "generator": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                         "statsmodels": statsmodels.__version__},
           "series": {k: v.tolist() for k, v in series.items()}, "cases": cases, "kpss": kpss_cases,
           "mackinnon": {"statistics": grid, "pvalues": pvalues}}
    target = HERE / "unitroot" / "macrodata-adf.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {target.relative_to(REPO)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
