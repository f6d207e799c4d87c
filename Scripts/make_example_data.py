#!/usr/bin/env python3
"""Make the example data of the repository's own example thesis (synthetic, seeded).

The repository may not ship FRED-MD, so it ships small simulated files instead:

data/raw/macro.csv
    A generic monthly CSV (format csv): a `date` column (YYYY-MM, 1990-01..2019-12,
    360 rows) and six series simulated from the VAR(1) below. No missing values.

data/raw/panel-fredmd.csv
    A small FRED-MD-format file (format fred-md): `sasdate` header, a `Transform:`
    row, dates M/D/YYYY, 1980-01..2019-12 (480 rows), CRLF line endings and a final
    line of commas, as real vintages have. Ten series driven by one common
    business-cycle factor, with transformation codes among 1, 2, 4, 5 and 6; every
    series coded 4, 5 or 6 is a positive level. Three series end 1-3 months early
    (the "ragged edge" of a real vintage).

Run from the repository root; the output is the same on every run (seeded):

    python3 Scripts/make_example_data.py          # writes data/raw/*.csv
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


def ar1(rng, n, rho, sd, start=0.0):
    x = np.empty(n)
    previous = start
    for t in range(n):
        previous = rho * previous + sd * rng.standard_normal()
        x[t] = previous
    return x


def panel_fredmd(rng):
    dates = months(1980, 2019)
    n = len(dates)
    f = ar1(rng, n, 0.9, np.sqrt(1 - 0.9**2))      # the business-cycle factor, variance 1
    noise = lambda sd: sd * rng.standard_normal(n)  # noqa: E731

    def level(start, growth):                       # a positive level from log growth rates
        return start * np.exp(np.cumsum(growth))

    inflation = 0.0025 + ar1(rng, n, 0.7, 0.0015)   # monthly log change of prices
    series = {
        # name: (transformation code, values, decimals)
        "output": (5, level(60.0, 0.0018 + 0.0025 * f + noise(0.005)), 4),
        "employment": (5, level(90000.0, 0.0012 + 0.001 * f + noise(0.001)), 0),
        "consumption": (5, level(3200.0, 0.0022 + 0.0015 * f + noise(0.004)), 3),
        "housing_starts": (4, 1400.0 * np.exp(0.12 * f + ar1(rng, n, 0.8, 0.06)), 0),
        "unemployment_rate": (2, 6.0 - 0.6 * f + ar1(rng, n, 0.97, 0.12), 1),
        "policy_rate": (2, np.maximum(4.5 + 0.8 * f + ar1(rng, n, 0.99, 0.25, start=3.0), 0.07), 2),
        "term_spread": (1, 1.2 - 0.3 * f + ar1(rng, n, 0.95, 0.15), 2),
        "prices": (6, level(80.0, inflation), 3),
        "money": (6, level(1600.0, 0.0045 + ar1(rng, n, 0.6, 0.003)), 1),
        "equity index: total": (5, level(110.0, 0.006 + 0.006 * f + noise(0.04)), 2),
    }
    ragged_edge = {"output": 1, "consumption": 2, "money": 3}

    lines = ["sasdate," + ",".join(series), "Transform:," + ",".join(str(c) for c, _, _ in series.values())]
    for t, (year, month) in enumerate(dates):
        cells = []
        for name, (_, values, decimals) in series.items():
            missing = t >= n - ragged_edge.get(name, 0)
            cells.append("" if missing else f"{values[t]:.{decimals}f}")
        lines.append(f"{month}/1/{year}," + ",".join(cells))
    lines.append("," * len(series))                 # real vintages end with lines of commas
    return "\r\n".join(lines) + "\r\n"


def main():
    parser = argparse.ArgumentParser(description="Make data/raw/macro.csv and data/raw/panel-fredmd.csv.")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    files = {"macro.csv": macro_csv(rng), "panel-fredmd.csv": panel_fredmd(rng)}
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
