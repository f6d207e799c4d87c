#!/usr/bin/env python3
"""Reference values from numpy.linalg for the ThesisLinearAlgebra tests.

Writes Tests/Fixtures/linalg/numpy-reference.json. Every matrix is stored column-major
(as ThesisLinearAlgebra.Matrix stores it) and every number as a hexadecimal float string
(float.hex(), parsed exactly by Swift's Double(String)), so inputs are bit-identical on both
sides and the comparison measures only the algorithms.

Run from the repository root:  python3 Tests/Fixtures/generate_linalg.py
Needs numpy. The inputs depend only on the seed (numpy's PCG64 generator), so rerunning with
the same numpy gives the same file; the outputs may differ in the last bits with another
numpy/LAPACK build, which the tests' tolerances (stated per test) absorb.
"""
import json
import pathlib
import platform

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "linalg" / "numpy-reference.json"
SEED = 20240611


def matrix(a):
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    return {"rows": a.shape[0], "columns": a.shape[1],
            "columnMajor": [float(v).hex() for v in a.flatten(order="F")]}


def vector(v):
    return [float(x).hex() for x in np.asarray(v, dtype=np.float64).ravel()]


def main():
    rng = np.random.default_rng(SEED)
    cases = {}

    # OLS: 60 observations, a constant and 3 regressors, 3 dependent variables (multi-column Y).
    t = 60
    x = np.column_stack([np.ones(t), rng.standard_normal((t, 3))])
    beta = np.array([[0.5, -1.0, 2.0], [1.0, 0.25, 0.0], [-0.75, 0.5, 1.5], [0.1, -0.2, 0.3]])
    y = x @ beta + 0.1 * rng.standard_normal((t, 3))
    coef, ssr, rank, sv = np.linalg.lstsq(x, y, rcond=None)
    cases["lstsq"] = {"x": matrix(x), "y": matrix(y), "coefficients": matrix(coef),
                      "residualSumOfSquares": vector(ssr), "rank": int(rank)}

    # A general 5x5 matrix: slogdet, inverse, eigenvalues (complex).
    g = rng.standard_normal((5, 5))
    sign, logabs = np.linalg.slogdet(g)
    ev = np.linalg.eigvals(g)
    ev = sorted(ev, key=lambda z: (-abs(z), -z.real, -z.imag))
    cases["general"] = {"a": matrix(g), "slogdetSign": float(sign).hex(), "slogdetLogAbs": float(logabs).hex(),
                        "inverse": matrix(np.linalg.inv(g)),
                        "eigenvaluesReal": vector([z.real for z in ev]),
                        "eigenvaluesImaginary": vector([z.imag for z in ev])}

    # A symmetric positive definite 6x6 matrix: Cholesky, eigenvalues (descending), logdet.
    b = rng.standard_normal((20, 6))
    s = b.T @ b / 20
    s = (s + s.T) / 2
    cases["spd"] = {"a": matrix(s), "cholesky": matrix(np.linalg.cholesky(s)),
                    "eigenvaluesDescending": vector(np.linalg.eigvalsh(s)[::-1]),
                    "logdet": float(np.linalg.slogdet(s)[1]).hex()}

    # A tall 9x5 matrix: singular values.
    a = rng.standard_normal((9, 5))
    cases["svd"] = {"a": matrix(a), "singularValues": vector(np.linalg.svd(a, compute_uv=False))}

    doc = {"generator": "Tests/Fixtures/generate_linalg.py", "seed": SEED,
           "python": platform.python_version(), "numpy": np.__version__, "cases": cases}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
