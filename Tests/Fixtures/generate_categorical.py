#!/usr/bin/env python3
"""Reference values for categorical encoding (Tests/ThesisModelsTests/CategoricalEncodingTests.swift).

Writes Tests/Fixtures/categorical/reference.json: for seeded training and test labels of a few
columns (ASCII and non-ASCII categories, mixed case, a category only the test rows have),
scikit-learn's OneHotEncoder(handle_unknown="ignore") and OrdinalEncoder (sorted and with a
declared order) fitted on the training labels only: the fitted categories, the encoded test rows
and the output feature names.

    python3 Tests/Fixtures/generate_categorical.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

HERE = pathlib.Path(__file__).resolve().parent


def main():
    rng = np.random.default_rng(2026)
    cases = []
    vocabularies = {
        "region": ["north", "south", "east", "West", "ärzte", "Zürich", "10", "9"],
        "size": ["small", "medium", "large"],
    }
    for name, vocabulary in vocabularies.items():
        train = [str(v) for v in rng.choice(vocabulary[:-1], size=40)]
        test = [str(v) for v in rng.choice(vocabulary, size=15)]
        # One-hot: a category the training rows lack encodes as zeros.
        onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=np.float64)
        onehot.fit(np.array(train, dtype=object).reshape(-1, 1))
        encoded = onehot.transform(np.array(test, dtype=object).reshape(-1, 1))
        cases.append({
            "column": name, "kind": "one-hot", "train": train, "test": test,
            "categories": [str(c) for c in onehot.categories_[0]],
            "names": [str(n) for n in onehot.get_feature_names_out([name])],
            "encoded": encoded.tolist(),
        })
        # Ordinal, sorted: test labels restricted to the training vocabulary (OrdinalEncoder raises
        # on unknown categories, as the tool does).
        known = [t for t in test if t in set(train)]
        ordinal = OrdinalEncoder(dtype=np.float64)
        ordinal.fit(np.array(train, dtype=object).reshape(-1, 1))
        cases.append({
            "column": name, "kind": "ordinal", "train": train, "test": known,
            "categories": [str(c) for c in ordinal.categories_[0]],
            "names": [name],
            "encoded": ordinal.transform(np.array(known, dtype=object).reshape(-1, 1)).tolist(),
        })
    # Ordinal with a declared order (sklearn: categories=[order]); every test label is in it.
    order = ["small", "medium", "large"]
    train = [str(v) for v in rng.choice(order[:2], size=30)]
    test = [str(v) for v in rng.choice(order, size=10)]
    declared = OrdinalEncoder(categories=[order], dtype=np.float64)
    declared.fit(np.array(train, dtype=object).reshape(-1, 1))
    cases.append({
        "column": "size", "kind": "ordinal", "order": order, "train": train, "test": test,
        "categories": [str(c) for c in declared.categories_[0]], "names": ["size"],
        "encoded": declared.transform(np.array(test, dtype=object).reshape(-1, 1)).tolist(),
    })
    reference = {"sklearn": sklearn.__version__, "cases": cases}
    out = HERE / "categorical"
    out.mkdir(exist_ok=True)
    (out / "reference.json").write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
