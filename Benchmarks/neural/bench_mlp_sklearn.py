"""scikit-learn's MLPClassifier((100,)) on the digits: the peer of NeuralBenchmark's mlp.digits.*.

Timing: all 1797 digits, pixels / 16, ReLU, Adam at 1e-3, batches of 200, alpha = 1e-4,
`--epochs` epochs per fit with no early stop (tol=0, n_iter_no_change > epochs); one warm-up fit,
then `runs` fits; prints `RESULT sklearn <case> <wall ms> <cpu ms>`, the medians per epoch, for
float64 and float32 inputs (scikit-learn keeps float32 since 1.2).

Accuracy (--accuracy): the seed-0 75/25 split of NeuralBenchmark.digitsAccuracy (same rows, drawn
with neural_random.py), StandardScaler on the training rows, MLPClassifier((100,)) with its defaults.
"""
import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(__file__))
from neural_random import digits_split  # noqa: E402

warnings.simplefilter("ignore", ConvergenceWarning)


def load(data):
    a = np.loadtxt(os.path.join(data, "sklearn", "digits.csv"), delimiter=",")
    return a[:, :-1], a[:, -1].astype(int)


def time_per_epoch(X, y, epochs, runs, dtype):
    """Median (wall, CPU) seconds per epoch."""
    X = X.astype(dtype)
    walls, cpus = [], []
    for r in range(runs + 1):
        model = MLPClassifier((100,), activation="relu", solver="adam", alpha=1e-4, batch_size=200,
                              learning_rate_init=1e-3, max_iter=epochs, tol=0, n_iter_no_change=epochs + 1,
                              shuffle=True, random_state=1)
        wall, cpu = time.perf_counter(), time.process_time()
        model.fit(X, y)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert model.n_iter_ == epochs
        if r > 0:
            walls.append(wall / epochs)
            cpus.append(cpu / epochs)
    return statistics.median(walls), statistics.median(cpus)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, nargs="?", default=7)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
    parser.add_argument("--accuracy", action="store_true")
    args = parser.parse_args()
    X, y = load(args.data)
    if args.accuracy:
        test, train = digits_split(len(y), 0)
        scaler = StandardScaler().fit(X[train])
        model = MLPClassifier((100,), random_state=1).fit(scaler.transform(X[train]), y[train])
        accuracy = model.score(scaler.transform(X[test]), y[test])
        print(f"ACCURACY sklearn mlp.digits.float64 {accuracy:.4f} ({model.n_iter_} epochs, its default stopping rule)")
        return
    for dtype in (np.float64, np.float32):
        wall, cpu = time_per_epoch(X / 16, y, args.epochs, args.runs, dtype)
        name = "float64" if dtype == np.float64 else "float32"
        print(f"RESULT sklearn mlp.digits.{name} {wall * 1000:.3f} {cpu * 1000:.3f}")
    print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
