#!/usr/bin/env python3
"""Reference timing: matplotlib draws the impulse-response grid of `thesis bench figures`.

The figure is the one `FigureBenchmark.irfGridSpec()` (Sources/ThesisFigures) describes:
3 x 4 panels (shocks by rows, response variables by columns), 48 horizons, a 68% band,
a zero line and the response, at LaTeX text width (453.6 x 400 pt), PNG at 144 dpi (2x).
Both sides compute the same data from a closed form (no random numbers):

    a = 1 + 0.2c,  d = 0.05 + 0.02r,  w = 0.2 + 0.05c,  phi = 0.4r     (row r, column c)
    response(h) = a * exp(-d*h) * cos(w*h + phi)
    half-width(h) = 0.1a + 0.01h

Each iteration builds the whole figure (subplots, layout, drawing) and saves it to memory,
as the Swift renderer does for every figure. Prints the median seconds per figure for each
format as JSON.

Usage: pip install matplotlib && python3 matplotlib_irf_grid.py [--iterations 100] [--out DIR]
"""
import argparse
import io
import json
import math
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SHOCKS = ["Monetary", "Supply", "Demand"]
VARIABLES = ["Output", "Prices", "Unemployment", "Interest rate"]
HORIZONS = 48
WIDTH_PT, HEIGHT_PT = 453.6, 400.0
# Okabe-Ito blue, as in the Swift renderer.
BLUE = "#0072B2"


def impulse_response(r, c):
    a, d, w, phi = 1 + 0.2 * c, 0.05 + 0.02 * r, 0.2 + 0.05 * c, 0.4 * r
    response = [a * math.exp(-d * h) * math.cos(w * h + phi) for h in range(HORIZONS)]
    half_width = [0.1 * a + 0.01 * h for h in range(HORIZONS)]
    return response, half_width


DATA = {(r, c): impulse_response(r, c) for r in range(len(SHOCKS)) for c in range(len(VARIABLES))}
X = list(range(HORIZONS))

plt.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 7, "axes.titlesize": 7.5, "axes.labelsize": 7.5,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "axes.grid.axis": "y",
    "grid.color": "#E4E4E4", "grid.linewidth": 0.5, "axes.linewidth": 0.6,
    "pdf.fonttype": 42, "svg.fonttype": "path", "svg.hashsalt": "thesis",
})


def draw(fmt):
    fig, axes = plt.subplots(3, 4, sharex=True, figsize=(WIDTH_PT / 72, HEIGHT_PT / 72), layout="constrained")
    for r in range(len(SHOCKS)):
        for c in range(len(VARIABLES)):
            ax = axes[r][c]
            response, half_width = DATA[(r, c)]
            lower = [y - hw for y, hw in zip(response, half_width)]
            upper = [y + hw for y, hw in zip(response, half_width)]
            ax.fill_between(X, lower, upper, color=BLUE, alpha=0.22, linewidth=0, label="68% band")
            ax.axhline(0, color="#555555", linewidth=0.7)
            ax.plot(X, response, color=BLUE, linewidth=1.1, label="Response")
            ax.set_title(f"{SHOCKS[r]} \u2192 {VARIABLES[c]}")
            ax.set_xlim(0, HORIZONS - 1)
    axes[0][0].legend(loc="upper right", frameon=True)
    fig.supxlabel("Horizon (months)", fontsize=7.5)
    buffer = io.BytesIO()
    metadata = {"CreationDate": None} if fmt == "pdf" else ({"Date": None} if fmt == "svg" else None)
    fig.savefig(buffer, format=fmt, dpi=144, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--out", help="also write one figure per format to this directory")
    args = parser.parse_args()
    medians = {}
    for fmt in ("png", "pdf", "svg"):
        data = draw(fmt)  # warm-up: imports, font cache
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, f"matplotlib-irf-grid.{fmt}"), "wb") as f:
                f.write(data)
        times = []
        for _ in range(args.iterations):
            start = time.perf_counter()
            draw(fmt)
            times.append(time.perf_counter() - start)
        medians[fmt] = statistics.median(times)
    print(json.dumps({"tool": "matplotlib", "version": matplotlib.__version__, "iterations": args.iterations,
                      "median_seconds": medians}, indent=2))


if __name__ == "__main__":
    main()
