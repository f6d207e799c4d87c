"""LSTM(32) forecaster in numpy (forward and backward by hand) and in JAX: the peers of
NeuralBenchmark's lstm.unemployment.*.

Same work as the Swift side: every 12-month window of the monthly US unemployment rate 1948-2016
(816 windows, 1 feature, next month as target, standardised with the sample's mean and standard
deviation), LSTM(32) (gates i, f, g, o; zero initial state) -> Dense(1), MSE, Adam at 1e-3,
batches of 32 reshuffled every epoch. One warm-up fit, then `runs` fits of `--epochs` epochs;
prints `RESULT <numpy|jax> <case> <wall ms> <cpu ms>`, the medians per epoch.

numpy: batch-major arrays, the input products of all steps in one matmul, one matmul per step
forward and one backward, the weight gradients of all steps in one matmul each (the same
structure as the Swift engine). JAX (if installed): lax.scan over time, jax.value_and_grad, the
Adam update inside one jitted step per batch; XLA pinned to one thread.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np


def load(data):
    rows = open(os.path.join(data, "unemployment", "unemployment1948.csv")).read().split("\n")[1:]
    series = [float(v) for row in rows if row for v in row.split(",")[1:13]]
    s = np.array(series)
    s = (s - s.mean()) / s.std()
    X = np.stack([s[i:i + 12] for i in range(len(s) - 12)])[:, :, None]
    y = s[12:][:, None]
    return X, y


def init(rng, features, hidden, dtype):
    a = np.sqrt(6 / (features + 4 * hidden))
    p = {
        "Wx": rng.uniform(-a, a, (features, 4 * hidden)),
        "Wh": np.concatenate([np.linalg.qr(rng.standard_normal((hidden, hidden)))[0] for _ in range(4)], axis=1),
        "b": np.zeros(4 * hidden),
        "Wd": rng.uniform(-np.sqrt(6 / (hidden + 1)), np.sqrt(6 / (hidden + 1)), (hidden, 1)),
        "bd": np.zeros(1),
    }
    p["b"][hidden:2 * hidden] = 1
    return {k: v.astype(dtype) for k, v in p.items()}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def loss_and_grads(p, xb, yb):
    B, T, F = xb.shape
    H = p["Wh"].shape[0]
    gx = (xb.reshape(B * T, F) @ p["Wx"]).reshape(B, T, 4 * H) + p["b"]
    h = np.zeros((B, H), xb.dtype)
    c = np.zeros((B, H), xb.dtype)
    hs = np.empty((T, B, H), xb.dtype)   # h_{t-1}
    cs = np.empty((T, B, H), xb.dtype)   # c_{t-1}
    acts = np.empty((T, B, 4 * H), xb.dtype)
    tcs = np.empty((T, B, H), xb.dtype)
    for t in range(T):
        hs[t], cs[t] = h, c
        g = gx[:, t] + h @ p["Wh"]
        a = acts[t]
        a[:, :2 * H] = sigmoid(g[:, :2 * H])
        a[:, 2 * H:3 * H] = np.tanh(g[:, 2 * H:3 * H])
        a[:, 3 * H:] = sigmoid(g[:, 3 * H:])
        c = a[:, H:2 * H] * c + a[:, :H] * a[:, 2 * H:3 * H]
        tcs[t] = np.tanh(c)
        h = a[:, 3 * H:] * tcs[t]
    yhat = h @ p["Wd"] + p["bd"]
    r = yhat - yb
    loss = float(np.mean(r * r))
    dy = 2 * r / r.size
    grads = {"Wd": h.T @ dy, "bd": dy.sum(0)}
    dh = dy @ p["Wd"].T
    dc = np.zeros_like(dh)
    dG = np.empty((T, B, 4 * H), xb.dtype)
    for t in range(T - 1, -1, -1):
        a = acts[t]
        i, f, g, o = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
        tc = tcs[t]
        dc = dc + dh * o * (1 - tc * tc)
        d = dG[t]
        d[:, :H] = dc * g * i * (1 - i)
        d[:, H:2 * H] = dc * cs[t] * f * (1 - f)
        d[:, 2 * H:3 * H] = dc * i * (1 - g * g)
        d[:, 3 * H:] = dh * tc * o * (1 - o)
        dh = d @ p["Wh"].T
        dc = dc * f
    flat = dG.reshape(T * B, 4 * H)
    grads["Wx"] = xb.transpose(1, 0, 2).reshape(T * B, F).T @ flat
    grads["Wh"] = hs.reshape(T * B, H).T @ flat
    grads["b"] = flat.sum(0)
    return loss, grads


def fit_numpy(X, y, epochs, dtype, seed=1, batch=32, lr=1e-3):
    rng = np.random.default_rng(seed)
    X, y = X.astype(dtype), y.astype(dtype)
    p = init(rng, X.shape[2], 32, dtype)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            _, grads = loss_and_grads(p, X[idx], y[idx])
            step += 1
            c1, c2 = 1 - b1 ** step, 1 - b2 ** step
            for k in p:
                g = grads[k]
                m[k] *= b1
                m[k] += (1 - b1) * g
                v[k] *= b2
                v[k] += (1 - b2) * g * g
                p[k] -= (lr / c1) * m[k] / (np.sqrt(v[k] / c2) + eps)
    return p


def make_jax_fit(dtype):
    import jax
    import jax.numpy as jnp

    def loss(p, xb, yb):
        H = p["Wh"].shape[0]
        gx = jnp.einsum("btf,fg->tbg", xb, p["Wx"]) + p["b"]

        def cell(carry, g_in):
            h, c = carry
            g = g_in + h @ p["Wh"]
            i = jax.nn.sigmoid(g[:, :H])
            f = jax.nn.sigmoid(g[:, H:2 * H])
            gg = jnp.tanh(g[:, 2 * H:3 * H])
            o = jax.nn.sigmoid(g[:, 3 * H:])
            c = f * c + i * gg
            h = o * jnp.tanh(c)
            return (h, c), None

        zeros = jnp.zeros((xb.shape[0], H), xb.dtype)
        (h, _), _ = jax.lax.scan(cell, (zeros, zeros), gx)
        r = h @ p["Wd"] + p["bd"] - yb
        return jnp.mean(r * r)

    @jax.jit
    def step(p, m, v, t, xb, yb):
        value, g = jax.value_and_grad(loss)(p, xb, yb)
        b1, b2, eps, lr = 0.9, 0.999, 1e-8, 1e-3
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, g)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, g)
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        p = jax.tree_util.tree_map(lambda p, m, v: p - (lr / c1) * m / (jnp.sqrt(v / c2) + eps), p, m, v)
        return p, m, v, value

    def fit(X, y, epochs, seed=1, batch=32):
        rng = np.random.default_rng(seed)
        X, y = X.astype(dtype), y.astype(dtype)  # batches are cut on the host and passed to the jitted step
        p = {k: jnp.asarray(v) for k, v in init(rng, X.shape[2], 32, dtype).items()}
        m = jax.tree_util.tree_map(jnp.zeros_like, p)
        v = jax.tree_util.tree_map(jnp.zeros_like, p)
        t = 0
        for _ in range(epochs):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch):
                idx = order[start:start + batch]
                t += 1
                p, m, v, value = step(p, m, v, np.asarray(t, dtype), X[idx], y[idx])
        jax.block_until_ready(p)
        return p

    return fit


def median_epoch(fit, X, y, epochs, runs):
    """Median (wall, CPU) seconds per epoch over `runs` fits after a warm-up fit."""
    walls, cpus = [], []
    for r in range(runs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        fit(X, y, epochs)
        if r > 0:
            walls.append((time.perf_counter() - wall) / epochs)
            cpus.append((time.process_time() - cpu) / epochs)
    return statistics.median(walls), statistics.median(cpus)


def check_gradients():
    """Central differences on a tiny problem: the hand-written backward pass is right."""
    rng = np.random.default_rng(0)
    p = init(rng, 2, 3, np.float64)
    xb, yb = rng.standard_normal((4, 5, 2)), rng.standard_normal((4, 1))
    _, grads = loss_and_grads(p, xb, yb)
    worst = 0.0
    for k, value in p.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            old = value[i]
            value[i] = old + 1e-6
            up = loss_and_grads(p, xb, yb)[0]
            value[i] = old - 1e-6
            down = loss_and_grads(p, xb, yb)[0]
            value[i] = old
            numeric[i] = (up - down) / 2e-6
        worst = max(worst, np.abs(numeric - grads[k]).max() / np.abs(numeric).max())
    assert worst < 1e-6, worst
    return worst


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, nargs="?", default=7)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
    parser.add_argument("--only", choices=["numpy", "jax"], default=None)
    parser.add_argument("--precision", choices=["float64", "float32"], default=None)
    args = parser.parse_args()
    X, y = load(args.data)
    precisions = [args.precision] if args.precision else ["float64", "float32"]
    if args.only != "jax":
        print(f"# numpy LSTM gradient check: max relative error {check_gradients():.1e}")
        for name in precisions:
            wall, cpu = median_epoch(lambda X, y, e: fit_numpy(X, y, e, np.dtype(name)), X, y, args.epochs, args.runs)
            print(f"RESULT numpy lstm.unemployment.{name} {wall * 1000:.3f} {cpu * 1000:.3f}")
    if args.only != "numpy":
        try:
            import jax
        except ImportError:
            print("# jax not installed: skipped")
            return
        for name in precisions:
            jax.config.update("jax_enable_x64", name == "float64")
            fit = make_jax_fit(np.dtype(name))
            wall, cpu = median_epoch(fit, X, y, args.epochs, args.runs)
            print(f"RESULT jax lstm.unemployment.{name} {wall * 1000:.3f} {cpu * 1000:.3f}")
        print(f"# jax {jax.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
