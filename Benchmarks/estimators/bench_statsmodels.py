#!/usr/bin/env python3
"""The statsmodels side of the estimators benchmark (Benchmarks/estimators/run.sh); the same tasks
as ThesisBench's EstimatorBenchmark, on FRED-MD 1960-01..2019-12 with each series transformed by
its file code: OLS with HAC errors, ADF and KPSS over every complete series, local projections.
Prints `key value` lines (medians in seconds, and check values)."""
import argparse
import pathlib
import statistics
import sys
import time
import warnings

import numpy as np
import statsmodels.api as sm
from statsmodels.tsa.stattools import adfuller, kpss

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "Tests" / "Fixtures"))
import generate_prepare as gp  # noqa: E402

warnings.simplefilter("ignore")  # KPSS's "p-value outside the table" notes


def median(work, repetitions):
    times, check = [], 0.0
    for _ in range(repetitions):
        start = time.perf_counter()
        check = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=pathlib.Path)
    parser.add_argument("--repetitions", type=int, default=21)
    args = parser.parse_args()
    values, names, codes, periods = gp.read_fredmd(args.file)
    first, last = periods.index("1960-01"), periods.index("2019-12")
    transformed = gp.transform_panel(values, codes)[first:last + 1]
    levels = values[first:last + 1]
    complete = [j for j in range(len(names)) if np.all(np.isfinite(transformed[:, j]))]
    out = {"series_tested": len(complete), "data_checksum": float(sum(transformed[:, j].sum() for j in complete))}

    col = lambda m, name: m[:, names.index(name)]
    y, r, u = col(transformed, "INDPRO"), col(transformed, "FEDFUNDS"), col(transformed, "UNRATE")
    p = 12
    rows = np.arange(p, len(y))
    x = np.column_stack([np.ones(len(rows))] + [s[rows - l] for s in (y, r, u) for l in range(1, p + 1)])

    def ols():
        res = sm.OLS(y[rows], x).fit(cov_type="HAC", cov_kwds={"maxlags": 12})
        return float(res.bse[1] + res.rsquared + res.fvalue + res.aic)

    out["ols_hac"], out["check_ols"] = median(ols, args.repetitions)

    def adf():
        return float(sum(adfuller(transformed[:, j], regression="c", autolag="AIC")[0] for j in complete))

    out["adf_all"], out["check_adf"] = median(adf, args.repetitions)

    def kpss_all():
        return float(sum(kpss(transformed[:, j], regression="c", nlags="auto")[0] for j in complete))

    out["kpss_all"], out["check_kpss"] = median(kpss_all, args.repetitions)

    log_ip = 100 * np.log(col(levels, "INDPRO"))
    rate, unemployment = col(levels, "FEDFUNDS"), col(levels, "UNRATE")
    lagged = [log_ip, rate, unemployment]

    def lp():
        n, check = len(log_ip), 0.0
        for h in range(49):
            t = np.arange(p, n - h)
            design = np.column_stack([np.ones(len(t)), rate[t]] + [s[t - l] for s in lagged for l in range(1, p + 1)])
            res = sm.OLS(log_ip[t + h], design).fit(cov_type="HAC", cov_kwds={"maxlags": h + 1})
            if h == 24:
                check = float(res.params[1] + res.bse[1])
        return check

    out["lp_irf"], out["check_lp"] = median(lp, args.repetitions)
    for key in sorted(out):
        print(f"{key} {out[key]!r}")


if __name__ == "__main__":
    main()
