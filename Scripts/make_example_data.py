#!/usr/bin/env python3
"""Make the example data of the repository's own example thesis (synthetic, seeded).

The repository may not ship FRED-MD, so it ships small simulated files instead:

data/raw/macro.csv
    A generic monthly CSV (format csv): a `date` column (YYYY-MM, 1990-01..2019-12,
    360 rows) and six series simulated from the VAR(1) below. No missing values.

The FRED-MD-format panel of the example is simulated by the tool itself
(`thesis example-data data/raw`, from a FAVAR with known responses).

Run from the repository root; the output is the same on every run (seeded):

    python3 Scripts/make_example_data.py          # writes data/raw/macro.csv
    python3 Scripts/make_example_data.py --check  # exits 1 if the files differ

Needs numpy (made with numpy 2.4.6; numpy does not promise the same normal draws
across versions, so another version may give other numbers; --check tells).

The VAR(1) of macro.csv, in deviations from the means mu:

    y_t = mu + A (y_{t-1} - mu) + e_t,   e_t ~ N(0, diag(sigma^2)), independent

    variable        unit                               mu     sigma
    output_growth   % per year (monthly, annualised)   2.0    5.0
    inflation       % per year (monthly, annualised)   2.5    1.5
    policy_rate     % per year                          3.0    0.12
    unemployment    % of the labour force               5.8    0.10
    credit_spread   percentage points                   2.0    0.10
    stock_returns   % per month                         0.7    4.0

A (rows: equation, columns: lag of output_growth, inflation, policy_rate,
unemployment, credit_spread, stock_returns) is `A` below: persistent rates, a policy
rule that reacts to inflation and growth, Okun's law (growth lowers unemployment),
spreads that widen in slow growth and lower growth and stock returns. Its largest
eigenvalue modulus is checked to be below 1. The simulation starts at mu and drops
a burn-in of 240 months.
"""
import argparse
import io
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "raw"
SEED = 20240601

NAMES = ["output_growth", "inflation", "policy_rate", "unemployment", "credit_spread", "stock_returns"]
MU = np.array([2.0, 2.5, 3.0, 5.8, 2.0, 0.7])
SIGMA = np.array([5.0, 1.5, 0.12, 0.10, 0.10, 4.0])
A = np.array([
    # og     infl   rate   unemp  spread  stocks
    [0.30, 0.00, -0.20, 0.00, -1.00, 0.04],    # output_growth
    [0.02, 0.60, 0.00, -0.05, 0.00, 0.00],     # inflation
    [0.004, 0.015, 0.97, 0.00, 0.00, 0.00],    # policy_rate
    [-0.004, 0.00, 0.004, 0.98, 0.02, 0.00],   # unemployment
    [-0.003, 0.00, 0.005, 0.00, 0.95, -0.004],  # credit_spread
    [0.00, 0.00, -0.10, 0.00, -0.50, 0.05],    # stock_returns
])


def months(first_year, last_year):
    return [(y, m) for y in range(first_year, last_year + 1) for m in range(1, 13)]


def simulate_var(rng, n, burn=240):
    assert np.max(np.abs(np.linalg.eigvals(A))) < 1, "the VAR must be stable"
    y = MU.copy()
    draws = []
    for t in range(burn + n):
        y = MU + A @ (y - MU) + SIGMA * rng.standard_normal(len(MU))
        if t >= burn:
            draws.append(y)
    return np.array(draws)


def macro_csv(rng):
    dates = months(1990, 2019)
    y = simulate_var(rng, len(dates))
    out = io.StringIO()
    out.write("date," + ",".join(NAMES) + "\n")
    for (year, month), row in zip(dates, y):
        out.write(f"{year:04d}-{month:02d}," + ",".join(f"{v:.3f}" for v in row) + "\n")
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description="Make data/raw/macro.csv (the FRED-MD-format panel comes from `thesis example-data`).")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    files = {"macro.csv": macro_csv(rng)}
    stale = []
    for name, text in files.items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_bytes() != text.encode():
                stale.append(name)
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode())
            print(f"wrote {path.relative_to(ROOT)} ({len(text.encode())} bytes)")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 Scripts/make_example_data.py)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
