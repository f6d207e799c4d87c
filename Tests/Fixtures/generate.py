#!/usr/bin/env python3
"""Reference summaries for the ThesisData tests, computed with pandas.

Writes one JSON file per data set under Tests/Fixtures/describe/:
per series the count of non-missing values, the number missing, mean, std (ddof=1),
min, max, the first and last non-missing period (YYYY-MM; quarters as their first
month) and, for FRED-MD, the transformation code.

The data are read from ../shared/data beside the repository (they are not part of the
repository; FRED-MD may not be copied into it). Run from the repository root:

    python3 Tests/Fixtures/generate.py            # or: --data /path/to/shared/data

Needs pandas (pip install pandas). Versions used are recorded in PROVENANCE.md and in
each JSON file. (pandas 3 parses these files' numbers exactly as Python's float() does,
i.e. correctly rounded, as the Swift loader does; checked for fred-md/2023-06.csv.)
"""
import argparse
import json
import math
import pathlib
import platform

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"


def number(x):
    """A float for JSON, or None when undefined (NaN)."""
    x = float(x)
    return None if math.isnan(x) else x


def summarise(frame: pd.DataFrame, codes=None):
    """Per-column statistics of a DataFrame indexed by monthly Periods."""
    series = []
    for name in frame.columns:
        s = frame[name].astype("float64")
        first, last = s.first_valid_index(), s.last_valid_index()
        series.append({
            "name": name,
            "observations": int(s.count()),
            "missing": int(s.isna().sum()),
            "mean": number(s.mean()),
            "std": number(s.std(ddof=1)),
            "min": number(s.min()),
            "max": number(s.max()),
            "first": None if first is None else str(first),
            "last": None if last is None else str(last),
            "transformCode": None if codes is None else int(codes[name]),
        })
    return series


def macrodata(data: pathlib.Path):
    path = data / "macrodata" / "macrodata.csv"
    df = pd.read_csv(path)
    months = [pd.Period(year=int(y), month=3 * int(q) - 2, freq="M") for y, q in zip(df["year"], df["quarter"])]
    df = df.drop(columns=["year", "quarter"])
    df.index = pd.PeriodIndex(months)
    return "macrodata/macrodata.csv", "csv", "quarterly", df, None


def fredmd(data: pathlib.Path, vintage: str):
    path = data / "fred-md" / f"{vintage}.csv"
    raw = pd.read_csv(path)
    codes = raw.iloc[0, 1:]
    assert str(raw.iloc[0, 0]).startswith("Transform"), raw.iloc[0, 0]
    df = raw.iloc[1:]
    df = df[df["sasdate"].notna()]             # the trailing lines of commas
    dates = pd.to_datetime(df["sasdate"], format="%m/%d/%Y")
    df = df.drop(columns=["sasdate"])
    df.index = pd.PeriodIndex(dates, freq="M")
    return f"fred-md/{vintage}.csv", "fred-md", "monthly", df, codes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA,
                        help=f"the shared data folder (default: {DEFAULT_DATA})")
    args = parser.parse_args()
    out = HERE / "describe"
    out.mkdir(exist_ok=True)
    for source, fmt, frequency, df, codes in [macrodata(args.data), fredmd(args.data, "2023-06")]:
        document = {
            "source": source,
            "format": fmt,
            "frequency": frequency,
            "periods": len(df),
            "firstPeriod": str(df.index[0]),
            "lastPeriod": str(df.index[-1]),
            "generator": {"pandas": pd.__version__, "numpy": np.__version__,
                          "python": platform.python_version()},
            "series": summarise(df, codes),
        }
        target = out / (source.replace("/", "-").removesuffix(".csv") + ".json")
        target.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n")
        print(f"wrote {target.relative_to(REPO)}: {len(df.columns)} series, {len(df)} periods")


if __name__ == "__main__":
    main()
