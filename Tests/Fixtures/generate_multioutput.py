#!/usr/bin/env python3
"""Reference values for multi-output regression (Tests/ThesisKitTests/MultiOutputTests.swift).

Writes Tests/Fixtures/multioutput/linnerud.csv (scikit-learn's bundled Linnerud data: exercises
Chins, Situps, Jumps and physiological Weight, Waist, Pulse of 20 men) and
reference.json: scikit-learn's root_mean_squared_error, mean_absolute_error and r2_score with
multioutput="raw_values" and "uniform_average" on seeded predictions of the three targets.

    python3 Tests/Fixtures/generate_multioutput.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.datasets import load_linnerud

HERE = pathlib.Path(__file__).resolve().parent


def main():
    data = load_linnerud()
    out = HERE / "multioutput"
    out.mkdir(exist_ok=True)
    header = list(data.feature_names) + list(data.target_names)
    lines = [",".join(header)]
    for x, y in zip(data.data, data.target):
        lines.append(",".join(["%g" % v for v in x] + ["%g" % v for v in y]))
    (out / "linnerud.csv").write_text("\n".join(lines) + "\n")
    rng = np.random.default_rng(20)
    actual = data.target
    predicted = actual + rng.normal(scale=[10.0, 2.0, 5.0], size=actual.shape)
    hexes = lambda a: [float(v).hex() for v in np.asarray(a).ravel()]
    reference = {
        "generator": "Tests/Fixtures/generate_multioutput.py", "sklearn": sklearn.__version__,
        "actual": [hexes(actual[:, j]) for j in range(3)], "predicted": [hexes(predicted[:, j]) for j in range(3)],
        "rmse": hexes(metrics.root_mean_squared_error(actual, predicted, multioutput="raw_values")),
        "mae": hexes(metrics.mean_absolute_error(actual, predicted, multioutput="raw_values")),
        "r2": hexes(metrics.r2_score(actual, predicted, multioutput="raw_values")),
        "rmse_average": float(metrics.root_mean_squared_error(actual, predicted)).hex(),
        "mae_average": float(metrics.mean_absolute_error(actual, predicted)).hex(),
        "r2_average": float(metrics.r2_score(actual, predicted)).hex(),
    }
    (out / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
