#!/usr/bin/env python3
"""Reference drift statistics for the monitor (Tests/ThesisModelsTests/DriftStatisticsTests.swift).

Deterministic samples (no external data): a reference and new samples that are the same
distribution, shifted in mean, scaled in variance, and small. For each pair, computed by numpy and
scipy: the population stability index over the reference's deciles (numpy.quantile, linear;
numpy.digitize; shares floored at 1e-4, as DriftStatistics.psi documents), scipy.stats.ks_2samp's
statistic and scipy.stats.kstwobign.sf(sqrt(n m / (n + m)) D), ttest_ind(equal_var=False) and
levene (center="median") p-values, means and variances (ddof 1). Also kstwobign.sf on a grid.

    python3 Tests/Fixtures/generate_drift.py      # writes Tests/Fixtures/drift/reference.json
"""
import json
import math
import pathlib

import numpy as np
import scipy
import scipy.stats

HERE = pathlib.Path(__file__).resolve().parent


def sample(n, seed, shift=0.0, scale=1.0):
    # Deterministic, skewed, bit-reproducible: sums of sines of irrational steps.
    return [shift + scale * (math.sin(1.37 * k + seed) + 0.6 * math.sin(0.291 * k * k + 2 * seed) + 0.3 * math.cos(3.1 * k))
            for k in range(n)]


def psi(reference, current, bins=10):
    edges = np.quantile(np.array(reference), [k / bins for k in range(1, bins)])
    def shares(values):
        counts = np.bincount(np.digitize(np.array(values), edges), minlength=bins)
        return np.maximum(counts / len(values), 1e-4)
    r, c = shares(reference), shares(current)
    return float(np.sum((c - r) * np.log(c / r)))


def case(name, reference, current):
    a, b = np.array(reference), np.array(current)
    d = scipy.stats.ks_2samp(a, b).statistic
    en = math.sqrt(len(a) * len(b) / (len(a) + len(b)))
    return {
        "name": name, "reference": reference, "current": current,
        "psi": psi(reference, current),
        "ks": float(d), "ks_p": float(scipy.stats.kstwobign.sf(en * d)),
        "ks_p_scipy_ks_2samp": float(scipy.stats.ks_2samp(a, b).pvalue),
        "mean_p": float(scipy.stats.ttest_ind(a, b, equal_var=False).pvalue),
        "var_p": float(scipy.stats.levene(a, b).pvalue),
        "reference_mean": float(np.mean(a)), "current_mean": float(np.mean(b)),
        "reference_variance": float(np.var(a, ddof=1)), "current_variance": float(np.var(b, ddof=1)),
    }


def main():
    reference = sample(400, 0.3)
    cases = [
        case("same", reference, sample(300, 1.7)),
        case("shifted", reference, sample(300, 1.7, shift=0.4)),
        case("scaled", reference, sample(250, 2.9, scale=1.8)),
        case("small", sample(12, 0.1), sample(9, 0.8, shift=0.2)),
    ]
    grid = [0.05, 0.2, 0.5, 0.8, 1.0, 1.17, 1.19, 1.5, 2.0, 3.0, 5.0, 8.0]
    out = {
        "generator": "Tests/Fixtures/generate_drift.py",
        "numpy": np.__version__, "scipy": scipy.__version__,
        "cases": cases,
        "kolmogorov_sf": [[x, float(scipy.stats.kstwobign.sf(x))] for x in grid],
    }
    (HERE / "drift").mkdir(exist_ok=True)
    (HERE / "drift" / "reference.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
