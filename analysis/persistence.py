"""How persistent are the example's monthly series? Autocorrelations at lags 1-12, the half-life
of a shock under an AR(1), a table, a figure and values for the text. Standard library only.

Run by  <<script file=analysis/persistence.py depends=analysis/chart.py data=macro id=persistence>>
(the contract: README, "Scripts").
"""
import csv
import json
import math
import os

from chart import BarChart

SERIES = ["inflation", "policy_rate", "unemployment"]
LAGS = 12


def autocorrelation(x, lag):
    n, mean = len(x), sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x)
    return sum((x[t] - mean) * (x[t - lag] - mean) for t in range(lag, n)) / var


with open(os.environ["THESIS_DATA_MACRO"], newline="") as f:
    rows = list(csv.DictReader(f))
data = {name: [float(r[name]) for r in rows if r[name] != ""] for name in SERIES}
acf = {name: [autocorrelation(x, k) for k in range(1, LAGS + 1)] for name, x in data.items()}

out = os.environ["THESIS_OUTPUT"]
os.makedirs(os.path.join(out, "tables"))
os.makedirs(os.path.join(out, "figures"))
values = {"rho1": {}, "halflife": {}}
with open(os.path.join(out, "tables", "persistence.csv"), "w", newline="") as f:
    table = csv.writer(f)
    table.writerow(["series", "months", "mean", "sd", "ρ(1)", "ρ(12)", "half-life (months)"])
    for name, x in data.items():
        mean = sum(x) / len(x)
        sd = math.sqrt(sum((v - mean) ** 2 for v in x) / (len(x) - 1))
        rho = acf[name][0]
        half = math.log(0.5) / math.log(rho) if 0 < rho < 1 else float("inf")
        table.writerow([name.replace("_", " "), len(x), f"{mean:.2f}", f"{sd:.2f}", f"{rho:.3f}",
                        f"{acf[name][-1]:.3f}", f"{half:.1f}"])
        values["rho1"][name] = rho
        if math.isfinite(half):
            values["halflife"][name] = half

chart = BarChart()
chart.plot([acf[name] for name in SERIES], [n.replace("_", " ") for n in SERIES],
           [(0.0, 0.37, 0.52), (0.85, 0.45, 0.1), (0.45, 0.6, 0.3)])
with open(os.path.join(out, "figures", "autocorrelation.svg"), "w") as f:
    f.write(chart.svg())
with open(os.path.join(out, "figures", "autocorrelation.pdf"), "wb") as f:
    f.write(chart.pdf())
with open(os.path.join(out, "values.json"), "w") as f:
    json.dump(values, f)
with open(os.path.join(out, "captions.json"), "w") as f:
    json.dump({"tables/persistence": "Persistence of three series of the small data set, from the same script."}, f)
