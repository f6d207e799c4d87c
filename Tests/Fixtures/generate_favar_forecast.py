#!/usr/bin/env python3
"""Reference forecasts for `forecast evaluate model=favar-var` (FAVARVARForecastTests): the FAVAR's
own pseudo-out-of-sample forecasts, in numpy and statsmodels, on FRED-MD 2023-06
(../shared/data/fred-md/2023-06.csv beside the repository, never copied into it).

At each estimation origin T (the last month the forecaster may use), from the raw file's values up
to T only: the panel without FEDFUNDS is prepared as McCracken & Ng over 1960-01..T (the numpy port
in generate_prepare.py: codes, drop 2, outliers at 10 IQR, EM-PCA), standardized (ddof 1); K
principal components (F'F/T = I, sign rule); statsmodels VAR(p), trend "c", on [F, FEDFUNDS in
levels]; its iterated forecasts for h = 1..12 from the last p rows; each target through its
loadings (OLS of its standardized series on [1, F, R]): x_hat = mean + sd * (l0 + lF' F_h + lR R_h),
in the panel's transformed units.

    python3 Tests/Fixtures/generate_favar_forecast.py        # or: --data /path/to/shared/data

Writes Tests/Fixtures/favar/fred-md-2023-06-favar-forecast.json. Needs numpy, pandas, statsmodels.
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import statsmodels

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_favar as gf  # noqa: E402
import generate_prepare as gp  # noqa: E402

ORIGINS = ["1999-12", "2007-06", "2015-03"]
TARGETS = ["INDPRO", "UNRATE", "CPIAUCSL"]
CASES = [(3, 2), (2, 12)]  # (factors, lags)
H = 12


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=gf.DEFAULT_DATA)
    args = parser.parse_args()
    cases = []
    for origin in ORIGINS:
        x, names, codes, r, sample, _, em = gf.prepared_panel(args.data, first="1960-01", last=origin)
        for k, p in CASES:
            fit = gf.favar_fit(x, r, k, p)
            path = fit["res"].forecast(fit["y"][-p:], H)               # H x (k + 1)
            design = np.column_stack([np.ones(H), path])
            forecasts = {}
            for name in TARGETS:
                i = names.index(name)
                z = design @ fit["coef"][:, i]
                forecasts[name] = (fit["mu"][i] + fit["sd"][i] * z).tolist()
            cases.append({"origin": origin, "factors": k, "lags": p, "periods": len(sample),
                          "series": len(names), "emIterations": em["iterations"], "forecasts": forecasts})
    doc = {"source": "fred-md/2023-06.csv", "sha256": gp.sha16(args.data / "fred-md" / "2023-06.csv"),
           "generator": {**gp.generator(), "statsmodels": statsmodels.__version__},
           "sampleStart": "1960-01", "policy": "FEDFUNDS", "horizons": H, "cases": cases}
    target = HERE / "favar" / "fred-md-2023-06-favar-forecast.json"
    target.write_text(json.dumps(doc, allow_nan=False) + "\n")
    print(f"wrote {target.relative_to(HERE.parent.parent)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
