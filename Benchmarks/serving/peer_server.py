#!/usr/bin/env python3
"""The serving benchmark's peer: the same MLP served by FastAPI on uvicorn (one worker), as a
Python deployment would serve it, predicting with scikit-learn's MLPRegressor.

The weights come from the tool's own model file (Docs/model-format.md): each dense layer's
`weight` block is [units, inputs] in column-major order, which read row by row is scikit-learn's
`coefs_[i]` ([inputs, units]). Before
serving, the script checks that scikit-learn's predictions on a few rows match the file's own
forward pass in numpy to 1e-12 (an independent reading of the format).

  Benchmarks/serving/peer_server.py MODEL.json PORT
Serves POST /predict with the same body as thesis: {"rows": [{"COLUMN": NUMBER, ...}, ...]}.
"""
import json
import sys

import numpy as np
from sklearn.neural_network import MLPRegressor


def load(path):
    model = json.load(open(path))
    assert model["format"] == "thesis-model" and model["kind"] == "mlp-regressor", "an mlp-regressor model file"
    weights = model["weights"]
    params = np.array(weights["parameters"], dtype=np.float64)
    fan_in = weights["input_shape"][0]
    coefs, intercepts, activations, offset = [], [], [], 0
    for layer in weights["layers"]:
        (kind, spec), = layer.items()
        assert kind == "dense", "dense layers only"
        units = spec["units"]
        w = params[offset:offset + units * fan_in].reshape(fan_in, units)  # column-major [units, inputs]
        offset += units * fan_in
        b = params[offset:offset + units]
        offset += units
        coefs.append(w.copy())
        intercepts.append(b.copy())
        activations.append(spec["activation"])
        fan_in = units
    assert offset == len(params)
    hidden = set(activations[:-1])
    assert len(hidden) == 1 and activations[-1] == "identity"
    net = MLPRegressor(hidden_layer_sizes=tuple(c.shape[1] for c in coefs[:-1]), activation=hidden.pop())
    net.coefs_, net.intercepts_ = coefs, intercepts
    net.n_layers_, net.n_outputs_, net.out_activation_ = len(coefs) + 1, coefs[-1].shape[1], "identity"
    net.n_features_in_ = coefs[0].shape[0]
    mean = np.array(weights["input_scaling"]["mean"]); scale = np.array(weights["input_scaling"]["scale"])
    ts = weights.get("target_scaling")
    t_mean = np.array(ts["mean"]) if ts else 0.0
    t_scale = np.array(ts["scale"]) if ts else 1.0
    columns = model["input"]["columns"]

    def predict(x):
        out = net.predict((x - mean) / scale).reshape(len(x), -1)
        return out * t_scale + t_mean

    # The file's forward pass by hand, against scikit-learn's.
    probe = np.linspace(-1, 1, 5 * len(columns)).reshape(5, len(columns)) * scale + mean
    h = (probe - mean) / scale
    for i, (w, b) in enumerate(zip(coefs, intercepts)):
        h = h @ w + b
        if i < len(coefs) - 1:
            h = np.maximum(h, 0) if activations[i] == "relu" else np.tanh(h)
    assert np.allclose(predict(probe), h * t_scale + t_mean, rtol=0, atol=1e-12)
    return columns, model["output"]["names"], predict


def main():
    columns, names, predict = load(sys.argv[1])
    from fastapi import FastAPI, HTTPException, Request
    from fastapi.responses import Response
    import uvicorn

    app = FastAPI()

    @app.post("/predict")
    async def serve(request: Request):
        body = await request.json()
        try:
            x = np.array([[float(row[c]) for c in columns] for row in body["rows"]])
        except (KeyError, TypeError, ValueError) as error:
            raise HTTPException(status_code=400, detail=str(error))
        y = predict(x)
        out = [dict(row=i, **{"predicted_" + n: float(v) for n, v in zip(names, values)}) for i, values in enumerate(y)]
        return Response(json.dumps({"predictions": out}), media_type="application/json")

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="error", access_log=False)


if __name__ == "__main__":
    main()
