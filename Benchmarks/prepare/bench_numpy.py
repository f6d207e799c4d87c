#!/usr/bin/env python3
"""Times the numpy reference pipeline of Tests/Fixtures/generate_prepare.py on FRED-MD 2023-06,
sample 1960-01..2019-12: read (pandas) + transform + outliers + EM-PCA imputation + factors.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/prepare/bench_numpy.py [RUNS] [--data DIR]

Prints one line per stage and the total: median and minimum over RUNS runs (after one warm-up), in ms.
"""
import argparse
import importlib.util
import pathlib
import statistics
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("ref", REPO / "Tests" / "Fixtures" / "generate_prepare.py")
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


def run(path):
    t = [time.perf_counter()]
    values, names, codes, periods = ref.read_fredmd(path); t.append(time.perf_counter())
    y = ref.transform_panel(values, codes)
    start, end = periods.index("1960-01"), periods.index("2019-12")
    y = y[start:end + 1]; t.append(time.perf_counter())
    clean, flags = ref.remove_outliers(y); t.append(time.perf_counter())
    imputed, em = ref.factors_em(clean); t.append(time.perf_counter())
    fac = ref.factors(imputed); t.append(time.perf_counter())
    return [b - a for a, b in zip(t, t[1:])] + [t[-1] - t[0]], em["iterations"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=11)
    parser.add_argument("--data", type=pathlib.Path, default=ref.DEFAULT_DATA)
    args = parser.parse_args()
    path = args.data / "fred-md" / "2023-06.csv"
    run(path)
    samples = []
    for _ in range(args.runs):
        times, iterations = run(path)
        samples.append(times)
    stages = ["read", "transform+cut", "outliers", f"EM ({iterations} it.)", "factors", "total"]
    for i, stage in enumerate(stages):
        col = [s[i] * 1000 for s in samples]
        print(f"numpy {stage:14s} median {statistics.median(col):8.2f} ms   min {min(col):8.2f} ms")


if __name__ == "__main__":
    main()
