#!/usr/bin/env python3
"""Reference values for the classifier evaluation of `metrics scores=` (Tests/ThesisDirectivesTests/
ClassifierCurvesTests.swift): scikit-learn's one-vs-rest ROC AUC per class and macro, average
precision per class and macro, log loss, the normalised confusion matrix and one class's
precision-recall curve, on seeded multiclass scores with ties.

    python3 Tests/Fixtures/generate_curves.py      # writes Tests/Fixtures/curves/reference.json

Numbers are written with float.hex() so both sides start from the same doubles.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.preprocessing import label_binarize

HERE = pathlib.Path(__file__).resolve().parent


def main():
    rng = np.random.default_rng(16)
    n, k = 240, 4
    actual = rng.integers(0, k, size=n)
    logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[actual]
    logits = np.round(logits, 1)  # ties in the scores
    scores = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    predicted = scores.argmax(axis=1)
    binary = label_binarize(actual, classes=list(range(k)))
    precision, recall, thresholds = metrics.precision_recall_curve(binary[:, 2], scores[:, 2])
    hexes = lambda a: [float(v).hex() for v in np.asarray(a).ravel()]
    out = {
        "generator": "Tests/Fixtures/generate_curves.py", "sklearn": sklearn.__version__, "numpy": np.__version__,
        "classes": k,
        "actual": [int(v) for v in actual], "predicted": [int(v) for v in predicted],
        "scores": [hexes(row) for row in scores],
        "roc_auc": hexes([metrics.roc_auc_score(binary[:, c], scores[:, c]) for c in range(k)]),
        "roc_auc_macro": float(metrics.roc_auc_score(actual, scores, multi_class="ovr", average="macro")).hex(),
        "average_precision": hexes([metrics.average_precision_score(binary[:, c], scores[:, c]) for c in range(k)]),
        "average_precision_macro": float(metrics.average_precision_score(binary, scores, average="macro")).hex(),
        "log_loss": float(metrics.log_loss(actual, scores)).hex(),
        "confusion_normalised": [hexes(row) for row in metrics.confusion_matrix(actual, predicted, normalize="true")],
        "pr_class": 2, "pr_precision": hexes(precision), "pr_recall": hexes(recall), "pr_thresholds": hexes(thresholds),
    }
    (HERE / "curves").mkdir(exist_ok=True)
    (HERE / "curves" / "reference.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
