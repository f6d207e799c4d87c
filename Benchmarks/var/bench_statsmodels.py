#!/usr/bin/env python3
"""statsmodels side of the VAR benchmark (the Swift side is `VARBenchmark.run`, wired to
`thesis bench var`; `Benchmarks/var/run.sh` runs both in one go).

Same data as `VARBenchmark.data()`: a simulated stable VAR(1), K = 4, T = 720, with normals from
SplitMix64(42) by Box-Muller through Python's `math` (glibc's log/cos, as Swift's Foundation), so
both sides fit the very same doubles; the data checksum printed by both must agree.

Tasks (medians in seconds, one BLAS thread: run with OPENBLAS_NUM_THREADS=1 etc. set):
  fit_irf_fevd  VAR(12) with a constant + irf(48) orthogonalised responses + fevd(48)
  bands_mc      irf_errband_mc(orth=True, repl=N, steps=48): statsmodels' Monte Carlo bands
                (simulate, refit, recompute, N times), the counterpart of the Swift `bands_*`

    python3 Benchmarks/var/bench_statsmodels.py [--repetitions 21] [--replications 1000]
                                                [--band-repetitions 1] [--json out.json]
"""
import argparse
import json
import math
import os
import statistics
import time

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import statsmodels  # noqa: E402
from statsmodels.tsa.api import VAR  # noqa: E402

MASK = (1 << 64) - 1
K, T, LAGS, STEPS, BURN = 4, 720, 12, 48, 100


class SplitMix64:
    def __init__(self, state):
        self.state = state & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def data():
    """Mirror of VARBenchmark.data() (same operation order, so the same doubles)."""
    a = [[0.5, 0.1, 0.0, 0.0], [0.1, 0.4, 0.1, 0.0], [0.0, 0.1, 0.3, 0.1], [0.05, 0.0, 0.1, 0.2]]
    c = [0.1, 0.2, -0.1, 0.05]
    rng = SplitMix64(42)

    def normal():
        u1 = float((rng.next() >> 11) + 1) * 2.0 ** -53
        u2 = float(rng.next() >> 11) * 2.0 ** -53
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    previous = [0.0] * K
    rows = []
    for t in range(BURN + T):
        e = [normal() for _ in range(K)]
        nxt = []
        for r in range(K):
            v = c[r]
            for j in range(K):
                v += a[r][j] * previous[j]
            v += e[r]
            nxt.append(v)
        previous = nxt
        if t >= BURN:
            rows.append(nxt)
    return np.array(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=21)
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--band-repetitions", type=int, default=1)
    parser.add_argument("--json", type=str, default=None)
    args = parser.parse_args()

    y = data()
    out = {"data_checksum": float(sum(float(v) for v in y.T.ravel())),
           "statsmodels": statsmodels.__version__, "numpy": np.__version__}

    times = []
    for _ in range(args.repetitions):
        start = time.perf_counter()
        res = VAR(y).fit(LAGS)
        irf = res.irf(STEPS)
        _ = irf.orth_irfs
        fevd = res.fevd(STEPS)
        _ = fevd.decomp
        times.append(time.perf_counter() - start)
    out["fit_irf_fevd"] = statistics.median(times)

    res = VAR(y).fit(LAGS)
    band_times = []
    for _ in range(args.band_repetitions):
        start = time.perf_counter()
        res.irf_errband_mc(orth=True, repl=args.replications, steps=STEPS, signif=0.05,
                           rng=np.random.default_rng(1), burn=BURN)
        band_times.append(time.perf_counter() - start)
    out["bands_mc"] = statistics.median(band_times)
    out["replications"] = args.replications

    for key in sorted(out):
        value = out[key]
        print(key, repr(value) if isinstance(value, float) else value)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
