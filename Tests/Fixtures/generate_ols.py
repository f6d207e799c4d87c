#!/usr/bin/env python3
"""Reference numbers for the OLS engine and the `ols` directive (ThesisModelsTests/OLSParityTests,
ThesisKitTests), from statsmodels' OLS on macrodata (../shared/data/macrodata/macrodata.csv beside
the repository, or statsmodels' own copy of the same data; never copied into the repository).

Models (quarterly, 1959Q1..2009Q3, rows with a missing lag dropped):
  "levels":   realcons ~ realgdp + realinv                      (a constant)
  "lagged":   infl ~ unemp + tbilrate + lag(infl, 1)            (lag by one quarter)
  "noconst":  realcons ~ realgdp + realinv - 1                  (no constant)
each fitted with cov_type nonrobust, HC0, HC1, HC2, HC3 and HAC (maxlags 4, Bartlett weights,
statsmodels' defaults otherwise). Stored: params, bse, tvalues, pvalues, cov_params, rsquared,
rsquared_adj, fvalue, f_pvalue, llf, aic, bic, nobs, df_model, df_resid, ssr, use_t.

    python3 Tests/Fixtures/generate_ols.py [--data DIR]

Writes Tests/Fixtures/ols/macrodata-ols.json. Needs numpy, pandas, statsmodels.
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

MODELS = {
    "levels": ("realcons", ["realgdp", "realinv"], True),
    "lagged": ("infl", ["unemp", "tbilrate", "lag(infl, 1)"], True),
    "noconst": ("realcons", ["realgdp", "realinv"], False),
}
COVS = ["nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"]
MAXLAGS = 4


def column(frame, term):
    if term.startswith("lag("):
        name, k = term[4:-1].split(",")
        return frame[name.strip()].shift(int(k))
    return frame[term]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    frame = pd.read_csv(args.data / "macrodata" / "macrodata.csv")
    out = {"source": "macrodata/macrodata.csv", "maxlags": MAXLAGS,
           "generator": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                         "statsmodels": statsmodels.__version__},
           "models": {}}
    for key, (target, terms, constant) in MODELS.items():
        data = pd.concat([frame[target].rename(target)] + [column(frame, t).rename(t) for t in terms], axis=1).dropna()
        x = data[terms]
        if constant:
            x = sm.add_constant(x, prepend=True)
        fits = {}
        for cov in COVS:
            kwargs = {"cov_kwds": {"maxlags": MAXLAGS}} if cov == "HAC" else {}
            r = sm.OLS(data[target], x).fit(cov_type=cov, **kwargs)
            fits[cov] = {
                "params": r.params.tolist(), "bse": r.bse.tolist(), "tvalues": r.tvalues.tolist(),
                "pvalues": r.pvalues.tolist(), "cov_params": r.cov_params().values.tolist(),
                "rsquared": r.rsquared, "rsquared_adj": r.rsquared_adj, "fvalue": float(r.fvalue),
                "f_pvalue": float(r.f_pvalue), "llf": r.llf, "aic": r.aic, "bic": r.bic, "nobs": r.nobs,
                "df_model": r.df_model, "df_resid": r.df_resid, "ssr": r.ssr, "use_t": bool(r.use_t),
            }
        out["models"][key] = {"target": target, "terms": terms, "constant": constant,
                              "names": list(x.columns), "first_row": int(data.index[0]), "fits": fits}
    target = HERE / "ols" / "macrodata-ols.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
