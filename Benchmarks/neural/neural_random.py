"""Neural.Random (SplitMix64) in Python, so the peers draw the same digits split as Swift.

Mirrors Sources/ThesisModels/Neural/NeuralRandom.swift: init(seed:stream:), next(),
below(n) (Lemire's multiply-and-reject) and shuffle (Fisher-Yates from the last index down).
"""

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class NeuralRandom:
    def __init__(self, seed=None, stream=None, state=None):
        if state is not None:
            self.state = state & MASK
        else:
            self.state = mix((seed + mix((stream + GAMMA) & MASK)) & MASK)

    def next(self):
        self.state = (self.state + GAMMA) & MASK
        return mix(self.state)

    def below(self, bound):
        product = self.next() * bound
        if product & MASK < bound:
            threshold = ((-bound) & MASK) % bound
            while product & MASK < threshold:
                product = self.next() * bound
        return product >> 64

    def shuffle(self, values):
        i = len(values) - 1
        while i > 0:
            j = self.below(i + 1)
            values[i], values[j] = values[j], values[i]
            i -= 1


def digits_split(count, seed):
    """The test and training row indices of NeuralBenchmark.digitsAccuracy's 75/25 split."""
    order = list(range(count))
    NeuralRandom(seed, 0).shuffle(order)
    test_count = (count + 3) // 4
    return order[:test_count], order[test_count:]
