#!/usr/bin/env python3
"""Reference numbers for local projections (Jorda 2005; ThesisModelsTests/LocalProjectionTests and
the `lp irf` directive): for h = 0..8, statsmodels OLS of infl_{t+h} on [1, tbilrate_t, infl_{t-1..t-4},
tbilrate_{t-1..t-4}, unemp_{t-1..t-4}] on macrodata (../shared/data/macrodata/macrodata.csv beside
the repository), with Newey-West (HAC) standard errors of maxlags h + 1 (statsmodels' defaults
otherwise); and the same with the classical covariance. Stored per h: the coefficient of
tbilrate_t, its standard error, nobs.

    python3 Tests/Fixtures/generate_lp.py [--data DIR]

Writes Tests/Fixtures/lp/macrodata-lp.json. Needs numpy, pandas, statsmodels.
"""
import argparse
import json
import pathlib
import platform

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
RESPONSE, SHOCK, CONTROLS, LAGS, HORIZON = "infl", "tbilrate", ["unemp"], 4, 8


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    frame = pd.read_csv(args.data / "macrodata" / "macrodata.csv")
    out = {"source": "macrodata/macrodata.csv", "response": RESPONSE, "shock": SHOCK, "controls": CONTROLS,
           "lags": LAGS, "horizon": HORIZON,
           "generator": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                         "statsmodels": statsmodels.__version__},
           "hac": [], "nonrobust": []}
    for h in range(HORIZON + 1):
        columns = {"y": frame[RESPONSE].shift(-h), "shock": frame[SHOCK]}
        for name in [RESPONSE, SHOCK] + CONTROLS:
            for lag in range(1, LAGS + 1):
                columns[f"{name}_l{lag}"] = frame[name].shift(lag)
        data = pd.DataFrame(columns).dropna()
        x = sm.add_constant(data.drop(columns="y"))
        for cov, key in [("HAC", "hac"), ("nonrobust", "nonrobust")]:
            kwargs = {"cov_kwds": {"maxlags": h + 1}} if cov == "HAC" else {}
            r = sm.OLS(data["y"], x).fit(cov_type=cov, **kwargs)
            out[key].append({"h": h, "beta": float(r.params["shock"]), "se": float(r.bse["shock"]), "nobs": int(r.nobs)})
    target = HERE / "lp" / "macrodata-lp.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
