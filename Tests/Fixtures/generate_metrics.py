#!/usr/bin/env python3
"""Reference values for the ThesisModels metrics, Diebold-Mariano and forecasting tests.

Writes Tests/Fixtures/metrics/reference.json with
  - regression metrics from scikit-learn (RMSE, MSE, MAE, MAPE, R2 with force_finite True/False)
    on seeded random data and edge cases (perfect predictions, constant targets, zeros, n = 1);
  - classification metrics from scikit-learn (accuracy, per-class/macro/weighted precision,
    recall, F1 under zero_division 0, 1 and nan, confusion matrices, binary ROC AUC with ties,
    one-vs-rest macro/weighted ROC AUC, binary and multiclass log loss with clipping);
  - Diebold-Mariano statistics and p-values from PyPI `dieboldmariano` (which follows R's
    forecast::dm.test) for several h, squared and absolute loss, two- and one-sided, ACF and
    Bartlett variance, plus the exact Student-t p-values of each statistic from scipy;
  - Student t CDF/SF values from scipy.stats.t and from mpmath at 50 digits (scipy 1.17's stdtr
    is off by 3e-9 at |t| = 1e-8, nu = 1), and regularised incomplete beta values from
    scipy.special.betainc/betaincc;
  - direct AR/ARX forecasts at one origin computed with numpy.linalg.lstsq;
  - AR(12)/random-walk 1-step forecasts of the US unemployment rate (shared/data, beside the
    repository) from 2000 on, with RMSEs and Diebold-Mariano, as a real-data cross-check.

Every number is a hexadecimal float string (float.hex(); 'nan', 'inf', '-inf' for the specials),
parsed exactly by Swift's Double(String), so both sides start from the same doubles.

Run from the repository root:  python3 Tests/Fixtures/generate_metrics.py
Needs numpy, scipy, mpmath, scikit-learn and dieboldmariano (pip install scikit-learn dieboldmariano).
Inputs depend only on the seeds (numpy's PCG64); outputs may differ in the last bits with other
library versions (recorded in the file and in PROVENANCE.md).
"""
import json
import pathlib
import platform
import warnings

import dieboldmariano
import mpmath
import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
from dieboldmariano import dm_test
from sklearn import metrics

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "metrics" / "reference.json"
SEED = 20240907


def h(x):
    return float(x).hex()


def vec(v):
    return [h(x) for x in np.asarray(v, dtype=np.float64).ravel()]


def regression_cases(rng):
    cases = {}
    n = 50
    y = rng.normal(5, 2, n)
    cases["random"] = (y, y + rng.normal(0, 0.7, n))
    y = rng.normal(0, 1, 1000)
    cases["large"] = (y, 0.8 * y + rng.normal(0, 0.5, 1000))
    y = rng.normal(0, 1, 40)
    y[[3, 17]] = 0.0  # zeros: MAPE uses max(|y|, eps)
    cases["zerosInTarget"] = (y, y + rng.normal(0, 0.1, 40))
    y = rng.normal(0, 1, 30)
    cases["perfect"] = (y, y.copy())
    cases["constantPerfect"] = (np.full(12, 3.0), np.full(12, 3.0))
    cases["constantImperfect"] = (np.full(12, 3.0), 3.0 + rng.normal(0, 0.1, 12))
    # A constant target whose mean does not round back to the value: sklearn's denominator is tiny.
    cases["constantInexactMean"] = (np.full(7, 0.1), np.full(7, 0.1) + 0.01)
    cases["single"] = (np.array([2.5]), np.array([2.0]))
    cases["worseThanMean"] = (np.array([1.0, 2.0, 3.0, 4.0]), np.array([4.0, 3.0, 2.0, 1.0]))
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, (y, f) in cases.items():
            out[name] = {
                "actual": vec(y), "predicted": vec(f),
                "mse": h(metrics.mean_squared_error(y, f)),
                "rmse": h(metrics.root_mean_squared_error(y, f)),
                "mae": h(metrics.mean_absolute_error(y, f)),
                "mape": h(metrics.mean_absolute_percentage_error(y, f)),
                "r2": h(metrics.r2_score(y, f)),
                "r2NotForced": h(metrics.r2_score(y, f, force_finite=False)),
            }
    return out


def prf(y, f, labels, zero_division):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p, r, f1, s = metrics.precision_recall_fscore_support(y, f, labels=labels, average=None,
                                                               zero_division=zero_division)
        out = {"precision": vec(p), "recall": vec(r), "f1": vec(f1), "support": [int(v) for v in s]}
        for avg in ("macro", "weighted"):
            ap, ar, af, _ = metrics.precision_recall_fscore_support(y, f, labels=labels, average=avg,
                                                                    zero_division=zero_division)
            out[avg] = {"precision": h(ap), "recall": h(ar), "f1": h(af)}
    return out


def classification_cases(rng):
    cases = {}
    # Binary, 60 observations, labels 0/1, scores with ties (rounded to 1 decimal).
    y = rng.integers(0, 2, 60)
    score = np.round(np.clip(0.35 * y + rng.uniform(0, 0.7, 60), 0, 1), 1)
    f = (score > 0.5).astype(int)
    cases["binary"] = {"y": y, "f": f, "score": score, "labels": None}
    # Multiclass, 4 classes, 120 observations, Dirichlet probabilities favouring the true class.
    k = 4
    y = rng.integers(0, k, 120)
    alpha = np.ones((120, k)) + 3.0 * np.eye(k)[y]
    prob = np.array([rng.dirichlet(a) for a in alpha])
    f = prob.argmax(axis=1)
    cases["multiclass"] = {"y": y, "f": f, "prob": prob, "labels": None}
    # Perfect predictions, 3 classes.
    y = rng.integers(0, 3, 30)
    cases["perfect"] = {"y": y, "f": y.copy(), "labels": None}
    # A class (2) never predicted: its precision is 0/0; a class (3) predicted but never true: recall 0/0.
    y = np.array([0, 1, 2, 2, 0, 1, 2, 0, 1, 1])
    f = np.array([0, 1, 1, 0, 0, 3, 1, 0, 1, 3])
    cases["zeroDivision"] = {"y": y, "f": f, "labels": None}
    # Explicit labels with a class (5) absent from both: F1 0/0 too; weighted with support 0 there.
    cases["absentLabel"] = {"y": np.array([0, 1, 1, 0, 1]), "f": np.array([0, 1, 0, 0, 1]), "labels": [0, 1, 5]}
    # Explicit labels none of which occur in y: every support 0, weighted average falls back to the mean.
    cases["noSupport"] = {"y": np.array([0, 0, 1]), "f": np.array([2, 2, 2]), "labels": [2, 3]}
    out = {}
    for name, c in cases.items():
        y, f, labels = c["y"], c["f"], c["labels"]
        entry = {"actual": [int(v) for v in y], "predicted": [int(v) for v in f],
                 "labels": labels,
                 "accuracy": h(metrics.accuracy_score(y, f)),
                 "confusionLabels": [int(v) for v in (labels if labels is not None else np.unique(np.r_[y, f]))]}
        try:
            entry["confusion"] = metrics.confusion_matrix(y, f, labels=labels).tolist()
        except ValueError as err:  # sklearn: "At least one label specified must be in y_true"
            entry["confusionError"] = str(err)
        for zd, key in ((0.0, "zero"), (1.0, "one"), (np.nan, "nan")):
            entry["prf_" + key] = prf(y, f, labels, zd)
        if "score" in c:
            entry["score"] = vec(c["score"])
            entry["rocAUC"] = h(metrics.roc_auc_score(y, c["score"]))
            fpr, tpr, thr = metrics.roc_curve(y, c["score"])
            entry["roc"] = {"fpr": vec(fpr), "tpr": vec(tpr), "thresholds": vec(thr)}
            entry["logLossBinary"] = h(metrics.log_loss(y, c["score"]))
        if "prob" in c:
            entry["prob"] = [vec(row) for row in c["prob"]]
            entry["rocAUCOvRMacro"] = h(metrics.roc_auc_score(y, c["prob"], multi_class="ovr", average="macro"))
            entry["rocAUCOvRWeighted"] = h(metrics.roc_auc_score(y, c["prob"], multi_class="ovr", average="weighted"))
            entry["logLoss"] = h(metrics.log_loss(y, c["prob"]))
        out[name] = entry
    # Log loss with probabilities exactly 0 and 1 (clipped to [eps, 1 - eps]).
    y = np.array([0, 1, 2, 1])
    p = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])
    out["logLossClipped"] = {"actual": [int(v) for v in y], "prob": [vec(r) for r in p],
                             "logLoss": h(metrics.log_loss(y, p))}
    # Binary ROC AUC with labels -1/1 and scores with many ties; a single-class y gives NaN.
    y = np.array([-1, 1, 1, -1, 1, -1, -1, 1, 1, 1])
    s = np.array([0.2, 0.8, 0.5, 0.5, 0.5, 0.1, 0.8, 0.9, 0.2, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["rocTies"] = {"actual": [int(v) for v in y], "score": vec(s), "rocAUC": h(metrics.roc_auc_score(y, s)),
                          "singleClassAUC": h(metrics.roc_auc_score(np.ones(4, int), [0.1, 0.2, 0.3, 0.4]))}
    return out


def dm_cases(rng):
    out = []
    n = 90
    # Errors with MA(2) dependence; forecast 1 a little better than forecast 2.
    u = rng.normal(0, 1, (n + 2, 2))
    e1 = 0.8 * (u[2:, 0] + 0.5 * u[1:-1, 0] + 0.25 * u[:-2, 0])
    e2 = e1 * 0.3 + (u[2:, 1] + 0.4 * u[1:-1, 1])
    actual = rng.normal(2, 1, n)
    f1, f2 = actual - e1, actual - e2
    short = slice(0, 25)
    losses = {"squared": (2, lambda a, b: (a - b) ** 2), "absolute": (1, lambda a, b: abs(a - b))}
    for sample, sl in (("n90", slice(None)), ("n25", short)):
        for hh in (1, 2, 3, 6, 12):
            for lname, (power, loss) in losses.items():
                for est in ("acf", "bartlett"):
                    V, P1, P2 = list(actual[sl]), list(f1[sl]), list(f2[sl])
                    try:
                        stat, p2 = dm_test(V, P1, P2, loss=loss, h=hh, one_sided=False, variance_estimator=est)
                        _, p1 = dm_test(V, P1, P2, loss=loss, h=hh, one_sided=True, variance_estimator=est)
                    except ArithmeticError as err:  # negative or zero variance
                        out.append({"sample": sample, "h": hh, "power": power, "estimator": est,
                                    "error": type(err).__name__})
                        continue
                    df = len(V) - 1
                    out.append({"sample": sample, "h": hh, "power": power, "estimator": est,
                                "statistic": h(stat), "pTwoSided": h(p2), "pLess": h(p1),
                                "scipyTwoSided": h(2 * scipy.stats.t.sf(abs(stat), df)),
                                "scipyLess": h(scipy.stats.t.cdf(stat, df)),
                                "scipyGreater": h(scipy.stats.t.sf(stat, df))})
    return {"actual": vec(actual), "forecast1": vec(f1), "forecast2": vec(f2), "cases": out}


def mp_t_cdf(t, nu):
    """P(T <= t) in 50-digit arithmetic: 1 - I_x(nu/2, 1/2)/2 with x = nu/(nu + t^2) (t > 0)."""
    t, nu = mpmath.mpf(t), mpmath.mpf(nu)
    if t == 0:
        return mpmath.mpf(1) / 2
    tail = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
    return 1 - tail if t > 0 else tail


def t_distribution():
    dfs = [1, 2, 3, 4.5, 5, 10, 24, 29, 30, 50, 89, 100, 203, 500, 1000, 1e4, 1e5]
    ts = [0.0, 1e-8, 1e-3, 0.1, 0.5, 1.0, 1.5, 1.96, 2.0, 2.5, 3.0, 4.0, 5.0, 8.0, 12.0, 20.0, 30.0, 60.0]
    rows = []
    for nu in dfs:
        for t in ts:
            for s in ((1, -1) if t != 0 else (1,)):
                x = s * t
                exact_cdf, exact_sf = mp_t_cdf(x, nu), mp_t_cdf(-x, nu)
                rows.append([h(x), h(nu), h(scipy.stats.t.cdf(x, nu)), h(scipy.stats.t.sf(x, nu)),
                             h(float(exact_cdf)), h(float(exact_sf))])
    return rows


def incomplete_beta():
    values = [0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 100.0, 500.0]
    xs = [1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999]
    rows = []
    for a in values:
        for b in values:
            for x in xs:
                rows.append([h(a), h(b), h(x), h(scipy.special.betainc(a, b, x)), h(scipy.special.betaincc(a, b, x))])
    return rows


def direct_ar(rng):
    """Direct AR/ARX forecasts at one origin (expanding window from 0), numpy.linalg.lstsq."""
    n = 140
    x = np.zeros(n)
    y = np.zeros(n)
    e = rng.normal(0, 1, (n, 2))
    for t in range(2, n):
        x[t] = 0.6 * x[t - 1] + e[t, 1]
        y[t] = 0.5 + 0.5 * y[t - 1] - 0.2 * y[t - 2] + 0.3 * x[t - 1] + e[t, 0]
    origin = 109
    out = {"target": vec(y), "predictor": vec(x), "origin": origin, "cases": []}
    specs = [("AR(4)", 4, 0, "level"), ("ARX(3,2)", 3, 2, "level"), ("AR(3) change", 3, 0, "change")]
    for name, p, q, mode in specs:
        for hh in (1, 3, 6, 12):
            rows, dep = [], []
            back = max(p if mode == "change" else p - 1, q - 1, 0)
            for t in range(back, origin - hh + 1):
                rows.append(regressors(y, x, t, p, q, mode))
                dep.append(y[t + hh] if mode == "level" else y[t + hh] - y[t])
            X, Y = np.array(rows), np.array(dep)
            beta = np.linalg.lstsq(X, Y, rcond=None)[0]
            forecast = float(np.array(regressors(y, x, origin, p, q, mode)) @ beta)
            if mode == "change":
                forecast += y[origin]
            out["cases"].append({"name": name, "p": p, "q": q, "mode": mode, "h": hh, "rows": len(dep),
                                 "coefficients": vec(beta), "forecast": h(forecast)})
    return out


def regressors(y, x, t, p, q, mode):
    row = [1.0]
    for i in range(p):
        row.append(y[t - i] if mode == "level" else y[t - i] - y[t - i - 1])
    for i in range(q):
        row.append(x[t - i])
    return row


def unemployment():
    """AR(12) (levels and changes) and random-walk 1-step forecasts of the US unemployment rate,
    expanding window from 1948-01, origins 1999-12 ... 2016-11 (forecasts of 2000-01 ... 2016-12),
    OLS by numpy.linalg.lstsq; RMSEs and Diebold-Mariano against the random walk. Reads
    ../shared/data/unemployment/unemployment1948.csv beside the repository (skipped if absent)."""
    path = HERE.parent.parent.parent / "shared" / "data" / "unemployment" / "unemployment1948.csv"
    if not path.exists():
        return None
    rows = [line.split(",") for line in path.read_text().splitlines()[1:] if line.strip()]
    y = np.array([float(v) for r in rows for v in r[1:13]])  # Jan..Dec, without Annual
    first = (1999 - 1948) * 12 + 11
    out = {"file": "shared/data/unemployment/unemployment1948.csv", "count": len(y), "firstOrigin": first}
    actual = y[first + 1:]
    forecasts = {"RW": y[first:-1]}
    for name, change in (("AR(12)", False), ("AR(12) change", True)):
        f = []
        for T in range(first, len(y) - 1):
            X, Y = [], []
            back = 12 if change else 11
            for t in range(back, T):  # pairs (t, t + 1) with t + 1 <= T
                X.append(regressors(y, None, t, 12, 0, "change" if change else "level"))
                Y.append(y[t + 1] - y[t] if change else y[t + 1])
            beta = np.linalg.lstsq(np.array(X), np.array(Y), rcond=None)[0]
            value = float(np.array(regressors(y, None, T, 12, 0, "change" if change else "level")) @ beta)
            f.append(value + y[T] if change else value)
        forecasts[name] = np.array(f)
    for name, f in forecasts.items():
        out[name] = {"rmse": h(np.sqrt(np.mean((actual - f) ** 2))), "first": h(f[0]), "last": h(f[-1])}
        if name != "RW":
            stat, p = dm_test(list(actual), list(f), list(forecasts["RW"]))
            out[name]["dmStatistic"] = h(stat)
            out[name]["dmPValue"] = h(2 * scipy.stats.t.sf(abs(stat), len(actual) - 1))
    return out


def main():
    mpmath.mp.dps = 50
    rng = np.random.default_rng(SEED)
    data = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__,
                     "dieboldmariano": getattr(dieboldmariano, "__version__", "1.1.0"), "mpmath": mpmath.__version__},
        "seed": SEED,
        "regression": regression_cases(rng),
        "classification": classification_cases(rng),
        "dieboldMariano": dm_cases(rng),
        "studentT": t_distribution(),
        "incompleteBeta": incomplete_beta(),
        "directAR": direct_ar(rng),
        "unemployment": unemployment(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
