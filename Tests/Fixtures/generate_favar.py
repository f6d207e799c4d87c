#!/usr/bin/env python3
"""Reference numbers for the FAVAR engine's parity tests (ThesisModelsTests/FAVAR*Tests), in numpy
and statsmodels, after Bernanke, Boivin & Eliasz (2005, QJE; "BBE") with the conventions of
shared/guide/favar-methodology.md.

Data: FRED-MD 2023-06 (../shared/data/fred-md/2023-06.csv beside the repository, never copied
into it), 1960-01..2019-12, prepared as McCracken & Ng (the numpy port in generate_prepare.py:
transform the full history with the file codes, drop 2 periods, cut, outliers at 10 IQR, EM-PCA
with IC_p2) with FEDFUNDS LEFT OUT of the panel (BBE); FEDFUNDS enters the VAR in levels (the raw
file values of the sample months).

Model "baseline" (no rotation): X (720 x 126) standardized (ddof 1); C = first 3 principal
components (F'F/T = I, each eigenvector's largest-magnitude element positive); statsmodels
VAR(12), trend "c", on [F1, F2, F3, FEDFUNDS]; loadings of every standardized X_i by OLS on
[1, F, R]; responses of observed series to a 25 bp FEDFUNDS shock (orthogonalised, FEDFUNDS last,
scaled so its impact response is 0.25) on the standardized, transformed, growth and level scales;
FEVD of the common components (BBE Table I).

Model "rotated" (BBE's slow/fast rotation): F^s = first 3 PCs of the slow block (the default
slow rule of FAVARSlowSeries, written into the fixture by name), C regressed on [1, F^s, R] by OLS,
F = C - b_R R; then as above with VAR(12).

"pricePuzzle": VAR(13) on [INDPRO (prepared, dlog), CPI inflation (dlog of the raw CPIAUCSL,
1960-01..2019-12), FEDFUNDS] and the FAVAR (K = 3, 13 lags, no rotation): the CPI price-level
response (percent) to a 25 bp shock, 0..48 months.

    python3 Tests/Fixtures/generate_favar.py            # or: --data /path/to/shared/data

Writes Tests/Fixtures/favar/fred-md-2023-06-favar.json. Needs numpy, pandas, statsmodels.
The FAVAR functions are imported by Benchmarks/favar/bench_statsmodels.py.
"""
import argparse
import csv
import json
import math
import pathlib
import platform
import sys

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.api import VAR

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(HERE))
import generate_prepare as gp  # noqa: E402  (the repository's numpy McCracken-Ng port)

SELECTED = ["INDPRO", "CPIAUCSL", "UNRATE", "M2SL"]
STEPS = 48
SHOCK = 0.25
FEVD_HORIZON = 60
LOG_CODES = (4, 5, 6, 7)


# ---------------------------------------------------------------- data

def prepared_panel(data, first="1960-01", last="2019-12", policy="FEDFUNDS"):
    """(X imputed T x N without the policy rate, names, codes, R levels, sample periods, raw frame)."""
    values, names, codes, periods = gp.read_fredmd(data / "fred-md" / "2023-06.csv")
    p = names.index(policy)
    keep = [j for j in range(len(names)) if j != p]
    _, _, _, imputed, em, sample = gp.prepare(values[:, keep], [codes[j] for j in keep], periods, first, last)
    rows = [periods.index(s) for s in sample]
    r = values[rows, p].copy()
    return imputed, [names[j] for j in keep], [codes[j] for j in keep], r, sample, (values, names, periods), em


# ---------------------------------------------------------------- FAVAR

def principal_components(z, k):
    """First k PCs of z (T x N): F'F/T = I, sign rule on the eigenvectors of z'z."""
    t = z.shape[0]
    w, v = np.linalg.eigh(z.T @ z)
    order = np.argsort(w)[::-1]
    w, v = w[order], v[:, order]
    for j in range(k):
        if v[np.argmax(np.abs(v[:, j])), j] < 0:
            v[:, j] = -v[:, j]
    return z @ v[:, :k] / np.sqrt(w[:k] / t)


def favar_fit(x, r, k, lags, slow=None, trend="c"):
    """BBE two-step FAVAR. x: T x N panel (standardized here, ddof 1); r: policy rate (levels);
    slow: boolean mask of slow series (None: no rotation). Returns a dict of the pieces."""
    z, mu, sd = gp.standardize(x)
    t = z.shape[0]
    c = principal_components(z, k)
    if slow is not None:
        fs = principal_components(z[:, slow], k)
        design = np.column_stack([np.ones(t), fs, r])
        b = np.linalg.lstsq(design, c, rcond=None)[0]
        f = c - np.outer(r, b[-1])
    else:
        f = c
    y = np.column_stack([f, r])
    names = [f"F{j + 1}" for j in range(k)] + ["FEDFUNDS"]
    res = VAR(pd.DataFrame(y, columns=names)).fit(lags, trend=trend)
    design = np.column_stack([np.ones(t), y])
    coef = np.linalg.lstsq(design, z, rcond=None)[0]          # (1 + k + 1) x N
    fitted = design @ coef
    resid = z - fitted
    r2 = 1 - np.sum(resid ** 2, axis=0) / np.sum((z - z.mean(axis=0)) ** 2, axis=0)
    return {"z": z, "mu": mu, "sd": sd, "c": c, "f": f, "y": y, "res": res, "coef": coef, "r2": r2, "names": names}


def policy_responses(res, steps, shock=SHOCK):
    """Theta_h[:, last] scaled so the policy rate's impact response is `shock` ((steps+1) x K)."""
    theta = res.orth_ma_rep(steps)
    last = theta.shape[1] - 1
    return theta[:, :, last] * (shock / theta[0, last, last])


def cumulate(a, times):
    for _ in range(times):
        a = np.cumsum(a)
    return a


def scale_response(transformed, code, scale):
    """The transformed-scale response on the growth or level scale (see FAVARResponseScale)."""
    pct = 100.0 if code in LOG_CODES else 1.0
    order = {1: 0, 2: 1, 3: 2, 4: 0, 5: 1, 6: 2, 7: 2}[code]
    if scale == "level":
        return pct * cumulate(transformed, order)
    if scale == "growth":
        if order == 0:
            return pct * np.diff(transformed, prepend=0.0)
        return pct * cumulate(transformed, order - 1)
    raise ValueError(scale)


def series_responses(fit, names, codes, selected, steps, shock=SHOCK):
    psi = policy_responses(fit["res"], steps, shock)             # (steps+1) x (k+1)
    out = {}
    for s in selected:
        i = names.index(s)
        lam = fit["coef"][1:, i]
        std = psi @ lam
        tr = std * fit["sd"][i]
        out[s] = {"code": codes[i], "standardized": std.tolist(), "transformed": tr.tolist(),
                  "growth": scale_response(tr, codes[i], "growth").tolist(),
                  "level": scale_response(tr, codes[i], "level").tolist()}
    return out, psi


def common_fevd(fit, i, horizon):
    theta = fit["res"].orth_ma_rep(horizon - 1)                  # Theta_0..Theta_{h-1}
    lam = fit["coef"][1:, i]
    contrib = np.einsum("hkj,k->hj", theta, lam) ** 2             # h x shocks
    total = contrib.sum()
    return float(contrib[:, -1].sum() / total)


# ---------------------------------------------------------------- slow series (default rule)

# Mnemonics of older vintages (and a spelling) that the April 2024 appendix lacks, with their group
# in McCracken & Ng's (2016) appendix.
EXTRA_GROUPS = {"IPB51222S": 1, "S&P: indust": 8, "AMBSL": 5, "MZMSL": 5, "TWEXMMTH": 6, "VXOCLSx": 8}
GROUP_CASES = {1: "outputAndIncome", 2: "laborMarket", 3: "housing", 4: "consumptionOrdersInventories",
               5: "moneyAndCredit", 6: "interestAndExchangeRates", 7: "prices", 8: "stockMarket"}


def appendix_groups(appendix):
    groups = {}
    with open(appendix, encoding="latin-1") as fh:
        for row in csv.DictReader(fh):
            groups[row["fred"]] = int(row["group"])
    for name, g in EXTRA_GROUPS.items():
        groups.setdefault(name, g)
    return groups


def write_swift_table(appendix, target):
    """Sources/ThesisModels/Econometrics/FAVARSlowSeriesTable.swift: mnemonic -> FRED-MD group."""
    groups = appendix_groups(appendix)
    lines = [f'        "{n}": .{GROUP_CASES[g]},' for n, g in sorted(groups.items())]
    target.write_text(
        "// Generated by Tests/Fixtures/generate_favar.py --swift-table from\n"
        "// shared/data/fred-md/FRED-MD_updated_appendix.csv (April 2024; group ids of McCracken & Ng 2016),\n"
        "// plus the mnemonics of older vintages: " + ", ".join(sorted(EXTRA_GROUPS)) + ". Do not edit.\n\n"
        "extension FREDMDGroup {\n"
        "    /// FRED-MD group of each mnemonic (" + str(len(groups)) + " names).\n"
        "    public static let table: [String: FREDMDGroup] = [\n" + "\n".join(lines) + "\n    ]\n}\n")
    print(f"wrote {target.relative_to(REPO)}: {len(groups)} mnemonics")


def slow_rule(names, appendix):
    """The default slow rule (FAVARSlowSeries.defaultRule): FRED-MD groups 1 (output and income),
    2 (labor market) and 7 (prices) and, of group 4, the consumption and sales series; everything
    else fast."""
    groups = appendix_groups(appendix)
    slow4 = {"DPCERA3M086SBEA", "CMRMTSPLx", "RETAILx"}
    out = []
    for n in names:
        g = groups.get(n)
        out.append(g in (1, 2, 7) or (g == 4 and n in slow4))
    return np.array(out)


# ---------------------------------------------------------------- fixture

def fit_summary(res):
    fc = res.forecast(res.endog[-res.k_ar:], 12)
    return {
        "params": res.params.to_numpy().tolist() if hasattr(res.params, "to_numpy") else np.asarray(res.params).tolist(),
        "sigma_u": np.asarray(res.sigma_u).tolist(),
        "sigma_u_mle": np.asarray(res.sigma_u_mle).tolist(),
        "llf": float(res.llf), "aic": float(res.aic), "bic": float(res.bic),
        "hqic": float(res.hqic), "fpe": float(res.fpe), "nobs": int(res.nobs),
        "irfs": res.ma_rep(STEPS).tolist(),
        "orth_irfs": res.orth_ma_rep(STEPS).tolist(),
        "fevd": res.fevd(STEPS).decomp.tolist(),
        "forecast": fc.tolist(),
    }


def model_doc(fit, names, codes, full=True):
    responses, psi = series_responses(fit, names, codes, SELECTED, STEPS)
    doc = {
        "var": fit_summary(fit["res"]),
        "factorStats": [{"sum": math.fsum(fit["f"][:, j].tolist()), "sumSquares": math.fsum((fit["f"][:, j] ** 2).tolist()),
                         "first": fit["f"][:3, j].tolist(), "last": fit["f"][-3:, j].tolist()}
                        for j in range(fit["f"].shape[1])],
        "loadings": {s: fit["coef"][:, names.index(s)].tolist() for s in SELECTED},
        "loadingsAll": fit["coef"].T.tolist(),
        "rSquared": fit["r2"].tolist(),
        "policyResponses": psi.tolist(),
        "responses": responses,
        "commonFEVD": {s: common_fevd(fit, names.index(s), FEVD_HORIZON) for s in SELECTED},
    }
    if not full:  # the rotated model: the VAR's fit statistics and orthogonalised IRFs only
        for key in ("irfs", "fevd", "forecast"):
            del doc["var"][key]
        del doc["loadingsAll"]
    return doc


def price_puzzle(x, names, codes, r, raw, sample):
    values, raw_names, periods = raw
    rows = [periods.index(s) for s in sample]
    cpi = values[:, raw_names.index("CPIAUCSL")]
    infl = gp.transform(cpi, 5)[rows]
    ip = x[:, names.index("INDPRO")]
    small = VAR(pd.DataFrame(np.column_stack([ip, infl, r]), columns=["INDPRO", "INFL", "FEDFUNDS"])).fit(13)
    psi = policy_responses(small, STEPS)
    var_level = 100 * np.cumsum(psi[:, 1])
    fit = favar_fit(x, r, 3, 13)
    resp, _ = series_responses(fit, names, codes, ["CPIAUCSL"], STEPS)
    favar_level = np.array(resp["CPIAUCSL"]["level"])
    return {"lags": 13, "varLevel": var_level.tolist(), "favarLevel": favar_level.tolist(),
            "varMax24": float(var_level[:25].max()), "favarMax24": float(favar_level[:25].max())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    parser.add_argument("--swift-table", action="store_true",
                        help="also write Sources/ThesisModels/Econometrics/FAVARSlowSeriesTable.swift")
    args = parser.parse_args()
    if args.swift_table:
        write_swift_table(args.data / "fred-md" / "FRED-MD_updated_appendix.csv",
                          REPO / "Sources" / "ThesisModels" / "Econometrics" / "FAVARSlowSeriesTable.swift")
    x, names, codes, r, sample, raw, em = prepared_panel(args.data)
    slow = slow_rule(names, args.data / "fred-md" / "FRED-MD_updated_appendix.csv")
    base = favar_fit(x, r, 3, 12)
    rot = favar_fit(x, r, 3, 12, slow=slow)
    doc = {
        "source": "fred-md/2023-06.csv", "sha256": gp.sha16(args.data / "fred-md" / "2023-06.csv"),
        "generator": {**gp.generator(), "statsmodels": statsmodels.__version__},
        "sample": [sample[0], sample[-1]], "periods": len(sample), "series": names, "codes": codes,
        "em": {"iterations": em["iterations"], "kPath": em["kPath"]},
        "policy": {"sum": math.fsum(r.tolist()), "first": r[:3].tolist()},
        "factors": 3, "lags": 12, "steps": STEPS, "shock": SHOCK, "fevdHorizon": FEVD_HORIZON,
        "selected": SELECTED,
        "slowSeries": [n for n, s in zip(names, slow) if s],
        "baseline": model_doc(base, names, codes),
        "rotated": model_doc(rot, names, codes, full=False),
        "pricePuzzle": price_puzzle(x, names, codes, r, raw, sample),
    }
    out = HERE / "favar"
    out.mkdir(exist_ok=True)
    target = out / "fred-md-2023-06-favar.json"
    target.write_text(json.dumps(doc, allow_nan=False) + "\n")
    pp = doc["pricePuzzle"]
    print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size // 1024} KiB): EM {em['iterations']} its, "
          f"{int(slow.sum())} slow series; price puzzle max_24 VAR {pp['varMax24']:.4f}% FAVAR {pp['favarMax24']:.4f}%")


if __name__ == "__main__":
    main()
