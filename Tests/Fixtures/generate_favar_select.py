#!/usr/bin/env python3
"""Reference numbers for `favar select` (ThesisKitTests, through `thesis exec`): statsmodels'
`VAR(y).select_order(13)` on the FAVAR system y = [F1, F2, F3, FEDFUNDS] of generate_favar.py's
baseline (FRED-MD 2023-06, 1960-01..2019-12, K = 3, FEDFUNDS in levels from the raw file, left out
of the panel), trend "c": AIC, BIC, HQIC and FPE for p = 0..13 on the common sample and the
orders each selects.

    python3 Tests/Fixtures/generate_favar_select.py [--data DIR]

Writes Tests/Fixtures/favar/fred-md-2023-06-favar-select.json. Needs numpy, pandas, statsmodels.
"""
import argparse
import json
import pathlib
import platform

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.api import VAR

import generate_favar as gf

HERE = pathlib.Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=pathlib.Path, default=gf.DEFAULT_DATA)
    args = parser.parse_args()
    x, names, codes, r, sample, raw, em = gf.prepared_panel(args.data)
    fit = gf.favar_fit(x, r, 3, 12)
    y = pd.DataFrame(fit["y"], columns=fit["names"])
    sel = VAR(y).select_order(13, trend="c")
    out = {"maxlags": 13, "names": fit["names"],
           "generator": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                         "statsmodels": statsmodels.__version__},
           "ics": {k: [float(v) for v in sel.ics[k]] for k in ["aic", "bic", "hqic", "fpe"]},
           "selected": {k: int(v) for k, v in sel.selected_orders.items()}}
    target = HERE / "favar" / "fred-md-2023-06-favar-select.json"
    target.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote favar/{target.name}: selected {out['selected']}")


if __name__ == "__main__":
    main()
