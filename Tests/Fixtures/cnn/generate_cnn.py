#!/usr/bin/env python3
"""Reference values for the CNN layers of the Swift neural engine, computed with JAX in float64.

Writes Tests/Fixtures/cnn/layers.json: for each case a seeded input x (NCHW, flattened row-major,
sample-major), the layer's parameters, its forward output y, a seeded upstream gradient dy and the
vector-Jacobian products dx = (dy/dx)^T dy and dparams = (dy/dparams)^T dy (jax.vjp), plus one
small network trained-step case (loss and its gradient w.r.t. parameters and input).

Conventions (see the Swift tests):
- conv2d: cross-correlation (PyTorch), weight OIHW (F, C, kh, kw) row-major, then bias (F);
  symmetric zero padding; y = act(conv(x, w) + b); gelu = tanh approximation.
- maxpool / avgpool: no padding, floor mode. globalavgpool: mean over H, W -> [N, C].
- batchnorm: params = gamma (C) then beta (C); statistics per channel over N, H, W (NCHW) or per
  feature over N ([N, F]); training normalises with the biased batch variance and updates
  running = (1 - momentum) * running + momentum * batch_stat with the UNBIASED variance;
  inference uses y = gamma * (x - rm) / sqrt(rv + eps) + beta.
- dense (network case): weight stored column-major as a units x features matrix W (element (i, j)
  at i + j * units), then bias; y = W x + b. flatten is row-major over C, H, W.

Run from the repository root:  python3 Tests/Fixtures/cnn/generate_cnn.py
"""
import json
import os
import platform

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


# ---------------------------------------------------------------------------------------------
# Layers. Each returns (apply(x, params) -> y, param_count, output_shape_per_sample).

def act_fn(name):
    return {"identity": lambda z: z, "relu": jax.nn.relu,
            "gelu": lambda z: jax.nn.gelu(z, approximate=True)}[name]


def conv_preact(x, w, b, layer):
    ph, pw = layer["padding"]
    z = lax.conv_general_dilated(
        x, w, window_strides=tuple(layer["stride"]), padding=[(ph, ph), (pw, pw)],
        rhs_dilation=tuple(layer["dilation"]), dimension_numbers=("NCHW", "OIHW", "NCHW"),
        precision=lax.Precision.HIGHEST)
    return z + b[None, :, None, None]


def conv_split(params, layer, c):
    f = layer["filters"]
    kh, kw = layer["kernel"]
    nw = f * c * kh * kw
    return params[:nw].reshape(f, c, kh, kw), params[nw:nw + f]


def conv_count(layer, c):
    kh, kw = layer["kernel"]
    return layer["filters"] * c * kh * kw + layer["filters"]


def conv_out(shape, layer):
    c, h, w = shape
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = layer["kernel"], layer["stride"], layer["padding"], layer["dilation"]
    return (layer["filters"], (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1)


def pool_out(shape, layer):
    c, h, w = shape
    (kh, kw), (sh, sw) = layer["size"], layer["stride"]
    return (c, (h - kh) // sh + 1, (w - kw) // sw + 1)


def maxpool(x, layer):
    (kh, kw), (sh, sw) = layer["size"], layer["stride"]
    return lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, kh, kw), (1, 1, sh, sw), "VALID")


def avgpool(x, layer):
    (kh, kw), (sh, sw) = layer["size"], layer["stride"]
    return lax.reduce_window(x, 0.0, lax.add, (1, 1, kh, kw), (1, 1, sh, sw), "VALID") / (kh * kw)


def bn_axes(x):
    return (0,) if x.ndim == 2 else (0, 2, 3)


def bn_bcast(v, x):
    return v if x.ndim == 2 else v[None, :, None, None]


def batchnorm(x, params, layer, rm, rv):
    c = params.shape[0] // 2
    gamma, beta = params[:c], params[c:]
    eps = layer["epsilon"]
    if layer["mode"] == "training":
        axes = bn_axes(x)
        mean = jnp.mean(x, axis=axes)
        var = jnp.mean((x - bn_bcast(mean, x)) ** 2, axis=axes)
    else:
        mean, var = jnp.asarray(rm), jnp.asarray(rv)
    xhat = (x - bn_bcast(mean, x)) / jnp.sqrt(bn_bcast(var, x) + eps)
    return bn_bcast(gamma, x) * xhat + bn_bcast(beta, x)


def bn_running(x, layer, rm, rv):
    x = np.asarray(x)
    axes = bn_axes(x)
    n = x.size // x.shape[1]
    mean = x.mean(axis=axes)
    var_unbiased = x.var(axis=axes) * n / (n - 1)
    m = layer["momentum"]
    return (1 - m) * np.asarray(rm) + m * mean, (1 - m) * np.asarray(rv) + m * var_unbiased


# ---------------------------------------------------------------------------------------------
# Cases.

def vjp_case(name, layer, x, params, apply, seed_dy, extra=None):
    xj, pj = jnp.asarray(x), jnp.asarray(params)
    y, vjp = jax.vjp(apply, xj, pj)
    dy = np.random.default_rng(seed_dy).normal(size=y.shape)
    dx, dp = vjp(jnp.asarray(dy))
    case = {"name": name, "layer": layer, "input_shape": list(x.shape), "output_shape": list(y.shape),
            "x": flat(x), "params": flat(params), "y": flat(y), "dy": flat(dy), "dx": flat(dx),
            "dparams": flat(dp) if params.size else []}
    if extra:
        case.update(extra)
    return case


def conv_case(name, seed, n, c, h, w, filters, kernel, stride, padding, dilation, activation):
    layer = {"kind": "conv2d", "filters": filters, "kernel": kernel, "stride": stride,
             "padding": padding, "dilation": dilation, "activation": activation}
    # Redraw until no ReLU pre-activation lies within 1e-6 of 0 (the derivative is ambiguous there).
    for attempt in range(100):
        rng = np.random.default_rng(seed + 1000 * attempt)
        x = rng.normal(size=(n, c, h, w))
        wt = rng.normal(scale=1 / np.sqrt(c * kernel[0] * kernel[1]), size=(filters, c, *kernel))
        b = rng.normal(scale=0.1, size=filters)
        z = np.asarray(conv_preact(jnp.asarray(x), jnp.asarray(wt), jnp.asarray(b), layer))
        if activation != "relu" or np.min(np.abs(z)) > 1e-6:
            break
    else:
        raise RuntimeError("no clean draw for " + name)
    assert z.shape[1:] == conv_out((c, h, w), layer)
    params = np.concatenate([wt.ravel(), b])

    def apply(x, p):
        wt, b = conv_split(p, layer, c)
        return act_fn(activation)(conv_preact(x, wt, b, layer))

    return vjp_case(name, layer, x, params, apply, seed + 7)


def distinct_input(rng, shape):
    # A random permutation of distinct, well-separated values: no ties in any pooling window.
    size = int(np.prod(shape))
    return ((rng.permutation(size) + 0.5) / size * 4.0 - 2.0).reshape(shape)


def pool_case(name, kind, seed, n, c, h, w, k, s):
    layer = {"kind": kind, "size": [k, k], "stride": [s, s]}
    x = distinct_input(np.random.default_rng(seed), (n, c, h, w))
    fn = maxpool if kind == "maxpool" else avgpool
    case = vjp_case(name, layer, x, np.zeros(0), lambda x, p: fn(x, layer), seed + 7)
    assert tuple(case["output_shape"][1:]) == pool_out((c, h, w), layer)
    return case


def gap_case(name, seed, n, c, h, w):
    layer = {"kind": "globalavgpool"}
    x = np.random.default_rng(seed).normal(size=(n, c, h, w))
    return vjp_case(name, layer, x, np.zeros(0), lambda x, p: jnp.mean(x, axis=(2, 3)), seed + 7)


def bn_case(name, seed, shape, mode):
    layer = {"kind": "batchnorm", "mode": mode, "momentum": 0.1, "epsilon": 1e-5}
    rng = np.random.default_rng(seed)
    c = shape[1]
    x = rng.normal(loc=0.5, scale=2.0, size=shape)
    gamma = 1.0 + 0.2 * rng.normal(size=c)
    beta = 0.3 * rng.normal(size=c)
    rm = rng.normal(scale=0.5, size=c)
    rv = rng.uniform(0.5, 2.0, size=c)
    params = np.concatenate([gamma, beta])
    extra = {"running_mean": flat(rm), "running_var": flat(rv)}
    if mode == "training":
        rmo, rvo = bn_running(x, layer, rm, rv)
        extra.update({"running_mean_out": flat(rmo), "running_var_out": flat(rvo)})
    return vjp_case(name, layer, x, params, lambda x, p: batchnorm(x, p, layer, rm, rv), seed + 7, extra)


def network_case(seed):
    n, c, h, w, units = 4, 2, 10, 10, 3
    conv1 = {"kind": "conv2d", "filters": 4, "kernel": [3, 3], "stride": [1, 1], "padding": [1, 1],
             "dilation": [1, 1], "activation": "relu"}
    pool1 = {"kind": "maxpool", "size": [2, 2], "stride": [2, 2]}
    conv2 = {"kind": "conv2d", "filters": 5, "kernel": [3, 3], "stride": [1, 1], "padding": [0, 0],
             "dilation": [1, 1], "activation": "gelu"}
    bn = {"kind": "batchnorm", "mode": "training", "momentum": 0.1, "epsilon": 1e-5,
          "running_mean": [0.0] * 5, "running_var": [1.0] * 5}
    pool2 = {"kind": "avgpool", "size": [2, 2], "stride": [2, 2]}
    dense = {"kind": "dense", "units": units, "activation": "identity"}
    layers = [conv1, pool1, conv2, bn, pool2, {"kind": "flatten"}, dense]
    s1 = conv_out((c, h, w), conv1)
    s2 = pool_out(s1, pool1)
    s3 = conv_out(s2, conv2)
    s5 = pool_out(s3, pool2)
    features = int(np.prod(s5))
    n1, n3, nbn = conv_count(conv1, c), conv_count(conv2, s2[0]), 2 * s3[0]

    def split(p):
        p1, p = p[:n1], p[n1:]
        p3, p = p[:n3], p[n3:]
        pb, p = p[:nbn], p[nbn:]
        wd, bd = p[:features * units].reshape(features, units), p[features * units:]  # W^T row-major
        return p1, p3, pb, wd, bd

    def forward(x, p, stop_at=None):
        p1, p3, pb, wd, bd = split(p)
        z1 = conv_preact(x, *conv_split(p1, conv1, c), conv1)
        a1 = jax.nn.relu(z1)
        a2 = maxpool(a1, pool1)
        a3 = jax.nn.gelu(conv_preact(a2, *conv_split(p3, conv2, s2[0]), conv2), approximate=True)
        a4 = batchnorm(a3, pb, bn, None, None)
        a5 = avgpool(a4, pool2)
        logits = a5.reshape(n, -1) @ wd + bd
        return logits, (z1, a1, a3)

    for attempt in range(100):
        rng = np.random.default_rng(seed + 1000 * attempt)
        x = rng.normal(size=(n, c, h, w))
        w1 = rng.normal(scale=np.sqrt(2 / (c * 9)), size=(4, c, 3, 3))
        b1 = rng.normal(scale=0.1, size=4)
        w3 = rng.normal(scale=np.sqrt(2 / (4 * 9)), size=(5, 4, 3, 3))
        b3 = rng.normal(scale=0.1, size=5)
        gamma = 1.0 + 0.2 * rng.normal(size=5)
        beta = 0.3 * rng.normal(size=5)
        wdense = rng.normal(scale=np.sqrt(1 / features), size=(units, features))  # y = W x + b
        bdense = rng.normal(scale=0.1, size=units)
        params = np.concatenate([w1.ravel(), b1, w3.ravel(), b3, gamma, beta,
                                 wdense.T.ravel(),  # column-major units x features
                                 bdense])
        _, (z1, a1, a3) = forward(jnp.asarray(x), jnp.asarray(params))
        z1, a1 = np.asarray(z1), np.asarray(a1)
        if np.min(np.abs(z1)) <= 1e-6:
            continue
        # Max-pool windows: the maximum must be unique, or 0 (then the ReLU gradient is 0 anyway).
        win = a1.reshape(n, 4, 5, 2, 5, 2).transpose(0, 1, 2, 4, 3, 5).reshape(-1, 4)
        top = np.sort(win, axis=1)
        if np.all((top[:, 3] - top[:, 2] > 1e-6) | (top[:, 3] == 0)):
            break
    else:
        raise RuntimeError("no clean draw for the network case")
    labels = np.random.default_rng(seed + 7).integers(0, units, size=n)
    targets = np.eye(units)[labels]

    def loss_fn(x, p):
        logits, _ = forward(x, p)
        return jnp.mean(-jnp.sum(jnp.asarray(targets) * jax.nn.log_softmax(logits, axis=1), axis=1))

    xj, pj = jnp.asarray(x), jnp.asarray(params)
    loss, (dx, dp) = jax.value_and_grad(loss_fn, argnums=(0, 1))(xj, pj)
    logits, (_, _, a3) = forward(xj, pj)
    rmo, rvo = bn_running(a3, bn, np.zeros(5), np.ones(5))
    return {"name": "network_conv_pool_conv_bn_avgpool_dense", "layer": {"kind": "network", "layers": layers},
            "input_shape": [n, c, h, w], "output_shape": [n, units], "x": flat(x), "params": flat(params),
            "y": flat(logits), "targets": flat(targets), "loss": float(loss), "dx": flat(dx), "dparams": flat(dp),
            "running_mean": [0.0] * 5, "running_var": [1.0] * 5,
            "running_mean_out": flat(rmo), "running_var_out": flat(rvo)}


def main():
    cases = [
        conv_case("conv2d_c1_f3_k3_s1_p1_identity", 11, 2, 1, 6, 6, 3, [3, 3], [1, 1], [1, 1], [1, 1], "identity"),
        conv_case("conv2d_c2_f4_k3_s2_p0_relu", 12, 2, 2, 7, 7, 4, [3, 3], [2, 2], [0, 0], [1, 1], "relu"),
        conv_case("conv2d_c3_f2_k2x3_s1x2_p1x0_d2x1_gelu", 13, 2, 3, 8, 9, 2, [2, 3], [1, 2], [1, 0], [2, 1], "gelu"),
        conv_case("conv2d_c2_f3_k3_s1_p1_relu_n3", 14, 3, 2, 5, 5, 3, [3, 3], [1, 1], [1, 1], [1, 1], "relu"),
        pool_case("maxpool_2x2_s2_6x6", "maxpool", 21, 2, 3, 6, 6, 2, 2),
        pool_case("maxpool_3x3_s2_7x7_overlap", "maxpool", 22, 2, 2, 7, 7, 3, 2),
        pool_case("maxpool_2x2_s2_5x5_floor", "maxpool", 23, 2, 2, 5, 5, 2, 2),
        pool_case("avgpool_2x2_s2_6x6", "avgpool", 31, 2, 3, 6, 6, 2, 2),
        pool_case("avgpool_3x3_s2_7x7_overlap", "avgpool", 32, 2, 2, 7, 7, 3, 2),
        pool_case("avgpool_2x2_s2_5x5_floor", "avgpool", 33, 2, 2, 5, 5, 2, 2),
        gap_case("globalavgpool_c3_4x5", 41, 2, 3, 4, 5),
        bn_case("batchnorm_training_nchw", 51, (4, 3, 3, 3), "training"),
        bn_case("batchnorm_inference_nchw", 52, (4, 3, 3, 3), "inference"),
        bn_case("batchnorm_training_features", 53, (6, 5), "training"),
        bn_case("batchnorm_inference_features", 54, (6, 5), "inference"),
        network_case(61),
    ]
    out = {"generator": "Tests/Fixtures/cnn/generate_cnn.py",
           "versions": {"python": platform.python_version(), "jax": jax.__version__, "numpy": np.__version__},
           "cases": cases}
    path = os.path.join(HERE, "layers.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
