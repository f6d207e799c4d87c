#!/usr/bin/env python3
"""Reference numbers for the ThesisData preparation tests (McCracken & Ng 2016), in numpy.

An independent implementation of McCracken & Ng's MATLAB code (prepare_missing/transxf,
remove_outliers, factors_em, baing, pc2, mrsq) with the conventions of
shared/guide/favar-methodology.md. It writes Tests/Fixtures/prepare/*.json:

  fred-md-2023-06-1960-2019.json  transform (file codes, full history) -> cut 1960-01..2019-12
                                  -> outliers (|x - median| > 10 IQR, Hazen quantiles)
                                  -> EM-PCA imputation (IC_p2, kmax 8) -> factors
  vintage-2023-01-2023-06.json    the data update: new months, revised values, largest revisions
  fred-md-2019-10.json            the older vintage (other series), 1960-01..2019-09

Selected series are stored in full; the whole panel is summarised per series (count, sum and
sum of squares) so the fixtures stay small. The data are read from ../shared/data beside the
repository (never copied into it). Run from the repository root:

    python3 Tests/Fixtures/generate_prepare.py            # or: --data /path/to/shared/data

Needs numpy and pandas. The pipeline functions are imported by Benchmarks/prepare/bench_numpy.py.
"""
import argparse
import hashlib
import json
import math
import pathlib
import platform

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

# Series stored in full in the fixtures (codes 5, 2, 4, 6, 7, 2, 5; the policy rate; a name with a space).
# The imputed panel is stored at every missing position, so every imputed value is checked.
SELECTED = ["RPI", "UNRATE", "HOUST", "CPIAUCSL", "NONBORRES", "FEDFUNDS", "S&P 500"]


# ---------------------------------------------------------------- reading

def read_fredmd(path):
    """(values T x N float64, names, codes, periods 'YYYY-MM') of a FRED-MD vintage."""
    raw = pd.read_csv(path)
    assert str(raw.iloc[0, 0]).startswith("Transform"), raw.iloc[0, 0]
    codes = [int(c) for c in raw.iloc[0, 1:]]
    df = raw.iloc[1:]
    df = df[df["sasdate"].notna()]
    dates = pd.to_datetime(df["sasdate"], format="%m/%d/%Y")
    periods = [f"{d.year:04d}-{d.month:02d}" for d in dates]
    values = df.drop(columns=["sasdate"]).to_numpy(dtype=np.float64)
    return values, list(df.columns[1:]), codes, periods


# ---------------------------------------------------------------- transformations

def transform(x, code):
    """McCracken-Ng transxf, natural logs; the same floating-point expressions as the MATLAB code
    (and the Swift port): code 3 is x_t - 2 x_{t-1} + x_{t-2}, code 7 differences (x_t - x_{t-1}) / x_{t-1}."""
    n = len(x)
    y = np.full(n, np.nan)
    if code == 1:
        y[:] = x
    elif code == 2:
        y[1:] = x[1:] - x[:-1]
    elif code == 3:
        y[2:] = x[2:] - 2 * x[1:-1] + x[:-2]
    elif code in (4, 5, 6):
        finite = x[~np.isnan(x)]
        if finite.size and finite.min() <= 0:
            raise ValueError("log of a non-positive value")
        lx = np.log(x)
        if code == 4:
            y[:] = lx
        elif code == 5:
            y[1:] = lx[1:] - lx[:-1]
        else:
            y[2:] = lx[2:] - 2 * lx[1:-1] + lx[:-2]
    elif code == 7:
        y1 = np.full(n, np.nan)
        y1[1:] = (x[1:] - x[:-1]) / x[:-1]
        y[2:] = y1[2:] - y1[1:-1]
    else:
        raise ValueError(code)
    return y


def transform_panel(values, codes):
    return np.column_stack([transform(values[:, j], codes[j]) for j in range(values.shape[1])])


# ---------------------------------------------------------------- outliers

def remove_outliers(x, k=10.0):
    """remove_outliers: |x - median| > k * IQR with NaN ignored and Hazen quantiles (MATLAB prctile)."""
    with np.errstate(invalid="ignore"):
        median = np.nanmedian(x, axis=0)
        q = np.nanquantile(x, [0.25, 0.75], axis=0, method="hazen")
        iqr = q[1] - q[0]
        flags = np.abs(x - median) > k * iqr
    y = x.copy()
    y[flags] = np.nan
    return y, flags


# ---------------------------------------------------------------- EM-PCA (factors_em)

def standardize(x):
    mu = x.mean(axis=0)
    sd = x.std(axis=0, ddof=1)
    return (x - mu) / sd, mu, sd


def baing(z, kmax):
    """IC_p2 for k = 0..kmax (baing, jj = 2), SSR computed from the residuals as the MATLAB code does."""
    t, n = z.shape
    nt, nt1 = n * t, n + t
    w, v = np.linalg.eigh(z.T @ z)
    order = np.argsort(w)[::-1]
    w, v = w[order], v[:, order]
    ic = np.empty(kmax + 1)
    ic[0] = math.log(float(np.sum(z * z)) / nt)
    for k in range(1, kmax + 1):
        vk = v[:, :k]
        e = z - z @ vk @ vk.T
        ic[k] = math.log(float(np.sum(e * e)) / nt) + k * (nt1 / nt) * math.log(min(n, t))
    return int(np.argmin(ic)), ic, w, v


def factors_em(x, kmax=8, tol=1e-6, maxit=50):
    """McCracken-Ng factors_em (DEMEAN = 2, jj = 2): returns the imputed panel and the iteration record."""
    missing = np.isnan(x)
    x2 = x.copy()
    x2[missing] = np.take(np.nanmean(x, axis=0), np.nonzero(missing)[1])
    z, mu, sd = standardize(x2)
    k, ic, w, v = baing(z, kmax)
    vk = v[:, :k]
    chat = z @ vk @ vk.T
    ks, errs = [k], []
    it, err = 0, 999.0
    while err > tol and it < maxit:
        it += 1
        fill = chat * sd + mu
        x2[missing] = fill[missing]
        z, mu, sd = standardize(x2)
        k, ic, w, v = baing(z, kmax)
        vk = v[:, :k]
        chat_new = z @ vk @ vk.T
        d = chat_new - chat
        err = float(np.sum(d * d)) / float(np.sum(chat * chat))
        chat = chat_new
        ks.append(k)
        errs.append(err)
    return x2, {"iterations": it, "kPath": ks, "errPath": errs}


# ---------------------------------------------------------------- factors

def factors(x, kmax=8, k=None):
    """PCs of the standardized panel: F'F/T = I, sign rule on the eigenvectors of Z'Z, IC_p2, shares, R^2."""
    z, mu, sd = standardize(x)
    t, n = z.shape
    kic, ic, w, v = baing(z, kmax)
    k = kic if k is None else k
    for j in range(v.shape[1]):                     # largest-magnitude element positive
        if v[np.argmax(np.abs(v[:, j])), j] < 0:
            v[:, j] = -v[:, j]
    f = z @ v[:, :k] / np.sqrt(w[:k] / t)           # F'F/T = I
    lam = z.T @ f / t
    shares = w / w.sum()
    ss = np.sum(z * z, axis=0)
    r2 = np.column_stack([np.sum((f[:, :j] @ lam[:, :j].T) ** 2, axis=0) / ss for j in range(1, k + 1)])
    return {"k": k, "ic": ic, "eigenvalues": w, "shares": shares, "cumulativeShares": np.cumsum(shares),
            "factors": f, "loadings": lam, "r2": r2}


# ---------------------------------------------------------------- the pipeline

def prepare(values, codes, periods, first, last, kmax=8, k_outlier=10.0):
    """transform full history -> drop the first 2 rows -> cut the sample -> outliers -> EM."""
    y = transform_panel(values, codes)
    start = max(periods.index(first), 2)
    end = periods.index(last) if last in periods else len(periods) - 1
    y = y[start:end + 1]
    clean, flags = remove_outliers(y, k_outlier)
    imputed, em = factors_em(clean, kmax)
    return y, clean, flags, imputed, em, periods[start:end + 1]


# ---------------------------------------------------------------- fixtures

def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def column_stats(m):
    """Per column: non-missing count, sum and sum of squares (math.fsum, so order does not matter)."""
    out = []
    for j in range(m.shape[1]):
        c = m[:, j][~np.isnan(m[:, j])]
        out.append({"count": int(c.size), "sum": math.fsum(c.tolist()), "sumSquares": math.fsum((c * c).tolist())})
    return out


def sha16(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def generator():
    return {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__}


def main_panel(data, out):
    path = data / "fred-md" / "2023-06.csv"
    values, names, codes, periods = read_fredmd(path)
    y, clean, flags, imputed, em, sample = prepare(values, codes, periods, "1960-01", "2019-12")
    fac = factors(imputed)
    sel = [names.index(s) for s in SELECTED]
    doc = {
        "source": "fred-md/2023-06.csv", "sha256": sha16(path), "generator": generator(),
        "sample": [sample[0], sample[-1]], "periods": len(sample), "series": names,
        "codes": codes,
        "selected": SELECTED,
        "transformed": {names[j]: [num(v) for v in y[:, j]] for j in sel},
        "transformedStats": column_stats(y),
        "outliers": [{"series": names[j], "period": sample[t], "value": num(y[t, j])}
                     for t, j in sorted(zip(*np.nonzero(flags)), key=lambda p: (p[1], p[0]))],
        "outlierCounts": {names[j]: int(flags[:, j].sum()) for j in range(len(names))},
        "missingAfterOutliers": int(np.isnan(clean).sum()),
        "em": {"iterations": em["iterations"], "kPath": em["kPath"], "errPath": em["errPath"]},
        "imputedAtMissing": [[int(j), int(t), float(imputed[t, j])]
                             for t, j in sorted(zip(*np.nonzero(np.isnan(clean))), key=lambda p: (p[1], p[0]))],
        "imputedStats": column_stats(imputed),
        "factors": {
            "k": fac["k"], "ic": list(fac["ic"]), "shares": list(fac["shares"]),
            "cumulativeShares": list(fac["cumulativeShares"]),
            "r2": [list(r) for r in fac["r2"]],
            "firstFactors": [list(fac["factors"][:, j]) for j in range(2)],
        },
    }
    target = out / "fred-md-2023-06-1960-2019.json"
    target.write_text(json.dumps(doc, allow_nan=False) + "\n")
    print(f"wrote {target.relative_to(REPO)}: EM {em['iterations']} iterations, k path {em['kPath']}, "
          f"{int(flags.sum())} outliers, factors k = {fac['k']}")


def vintage_diff(data, out):
    old_path, new_path = data / "fred-md" / "2023-01.csv", data / "fred-md" / "2023-06.csv"
    ov, on, _, op = read_fredmd(old_path)
    nv, nn, _, np_ = read_fredmd(new_path)
    common_names = [s for s in on if s in nn]
    common_periods = [p for p in op if p in np_]
    oi = [op.index(p) for p in common_periods]
    ni = [np_.index(p) for p in common_periods]
    revised, filled, deleted, rows = 0, 0, 0, []
    for s in common_names:
        a = ov[oi, on.index(s)]
        b = nv[ni, nn.index(s)]
        both = ~np.isnan(a) & ~np.isnan(b)
        changed = both & (a != b)
        revised += int(changed.sum())
        filled += int((np.isnan(a) & ~np.isnan(b)).sum())
        deleted += int((~np.isnan(a) & np.isnan(b)).sum())
        sd = np.nanstd(a, ddof=1)
        for t in np.nonzero(changed)[0]:
            rows.append({"series": s, "period": common_periods[t], "old": float(a[t]), "new": float(b[t]),
                         "standardized": abs(float(b[t] - a[t])) / sd})
    rows.sort(key=lambda r: (-r["standardized"], r["series"], r["period"]))
    doc = {
        "old": "fred-md/2023-01.csv", "new": "fred-md/2023-06.csv", "generator": generator(),
        "oldSha256": sha16(old_path), "newSha256": sha16(new_path),
        "newPeriods": [p for p in np_ if p not in op], "droppedPeriods": [p for p in op if p not in np_],
        "addedSeries": [s for s in nn if s not in on], "removedSeries": [s for s in on if s not in nn],
        "revisedValues": revised, "filledValues": filled, "deletedValues": deleted,
        "revisedSeries": len({r["series"] for r in rows}),
        "largest": rows[:10],
    }
    target = out / "vintage-2023-01-2023-06.json"
    target.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print(f"wrote {target.relative_to(REPO)}: {revised} revised values")


def old_vintage(data, out):
    path = data / "fred-md" / "2019-10.csv"
    values, names, codes, periods = read_fredmd(path)
    y, clean, flags, imputed, em, sample = prepare(values, codes, periods, "1960-01", "2019-09")
    fac = factors(imputed)
    doc = {
        "source": "fred-md/2019-10.csv", "sha256": sha16(path), "generator": generator(),
        "sample": [sample[0], sample[-1]], "periods": len(sample), "series": names,
        "outlierCount": int(flags.sum()),
        "em": {"iterations": em["iterations"], "kPath": em["kPath"], "errPath": em["errPath"]},
        "imputedStats": column_stats(imputed),
        "factors": {"k": fac["k"], "ic": list(fac["ic"]), "shares": list(fac["shares"][:10])},
    }
    target = out / "fred-md-2019-10.json"
    target.write_text(json.dumps(doc, allow_nan=False) + "\n")
    print(f"wrote {target.relative_to(REPO)}: EM {em['iterations']} iterations, k path {em['kPath']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA,
                        help=f"the shared data folder (default: {DEFAULT_DATA})")
    args = parser.parse_args()
    out = HERE / "prepare"
    out.mkdir(exist_ok=True)
    main_panel(args.data, out)
    vintage_diff(args.data, out)
    old_vintage(args.data, out)


if __name__ == "__main__":
    main()
