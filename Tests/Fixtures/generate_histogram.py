#!/usr/bin/env python3
"""Reference statistics for `data histogram` (Tests/ThesisDirectivesTests/DataHistogramTests.swift).

A deterministic, skewed sample (no external data) and, computed by numpy and scipy: mean, the
standard deviation with n - 1, scipy.stats.skew and scipy.stats.kurtosis (their defaults: biased,
Fisher's excess kurtosis), and numpy.quantile with its default linear interpolation.

    python3 Tests/Fixtures/generate_histogram.py      # writes Tests/Fixtures/histogram/skewed.json
"""
import json
import math
import pathlib

import numpy as np
import scipy
import scipy.stats

HERE = pathlib.Path(__file__).resolve().parent


def sample(n=257):
    # exp of a sum of sines: skewed, heavy right tail, reproducible bit for bit.
    return [math.exp(0.8 * math.sin(1.3 * k) + 0.5 * math.sin(0.37 * k + 1.0)) for k in range(n)]


def main():
    x = sample()
    a = np.array(x)
    reference = {
        "n": len(x),
        "mean": float(np.mean(a)),
        "sd": float(np.std(a, ddof=1)),
        "skewness": float(scipy.stats.skew(a)),
        "kurtosis": float(scipy.stats.kurtosis(a)),
        "min": float(np.min(a)),
        "p25": float(np.quantile(a, 0.25)),
        "median": float(np.quantile(a, 0.5)),
        "p75": float(np.quantile(a, 0.75)),
        "max": float(np.max(a)),
    }
    out = {"generator": "Tests/Fixtures/generate_histogram.py", "numpy": np.__version__, "scipy": scipy.__version__,
           "values": x, "reference": reference}
    (HERE / "histogram").mkdir(exist_ok=True)
    (HERE / "histogram" / "skewed.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
