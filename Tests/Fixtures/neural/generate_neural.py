"""Writes Tests/Fixtures/neural/random.json: draws of Neural.Random computed by the Python
mirror in Benchmarks/neural/neural_random.py, so that the Swift tests pin the generator (and the
digits split the Python benchmarks reuse) across languages.

Run from the repository root:  python3 Tests/Fixtures/neural/generate_neural.py
"""
import json
import os
import sys

root = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(root, "..", "..", "..", "Benchmarks", "neural"))
from neural_random import NeuralRandom, digits_split  # noqa: E402

state0 = NeuralRandom(state=0)
stream = NeuralRandom(42, 3)
bounded = NeuralRandom(7, 0)
shuffled = list(range(20))
NeuralRandom(1, 2).shuffle(shuffled)
test, _ = digits_split(1797, 0)
fixture = {
    "generator": "Benchmarks/neural/neural_random.py via Tests/Fixtures/neural/generate_neural.py",
    # Vigna's splitmix64.c from x = 0; the first value is the published 0xE220A8397B1DCDAF.
    "state0_next": [str(state0.next()) for _ in range(5)],
    "seed42_stream3_next": [str(stream.next()) for _ in range(3)],
    "seed7_stream0_below": [[b, bounded.below(b)] for b in (1, 2, 3, 10, 1000, 2**40 + 7, 2**62 + 5)],
    "seed1_stream2_shuffle20": shuffled,
    "digits_test_indices_seed0": test,
}
assert fixture["state0_next"][0] == str(0xE220A8397B1DCDAF)
with open(os.path.join(root, "random.json"), "w") as f:
    json.dump(fixture, f)
    f.write("\n")
