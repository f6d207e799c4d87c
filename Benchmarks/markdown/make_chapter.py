#!/usr/bin/env python3
"""Writes a large, deterministic Markdown chapter of about SIZE megabytes (default 50) to PATH:
headings, prose paragraphs with emphasis, code spans, links and inline math, bullet and numbered
lists, block quotes, display math, fenced code and pipe tables, in a fixed rotation.
Usage: make_chapter.py PATH [SIZE_MB]"""
import sys

path = sys.argv[1]
target = float(sys.argv[2]) * 1e6 if len(sys.argv) > 2 else 50e6
words = ("the factor model explains most of the variance of the panel while the policy shock "
         "moves production and prices with a delay that the data reveal only slowly").split()


def sentence(i, n=14):
    return " ".join(words[(i * 7 + k) % len(words)] for k in range(n)).capitalize() + "."


blocks = []
size = 0
i = 0
while size < target:
    kind = i % 12
    if kind == 0:
        block = f"## Section {i // 12 + 1}\n"
    elif kind in (1, 2, 5, 8, 10):
        block = (f"{sentence(i)} The estimate is *robust* to the **lag order** and to `sample=` choices; "
                 f"see [the appendix](https://example.org/a{i}) and $\\beta_{{{i % 9}}} = 0.{i % 97}$.\n"
                 f"{sentence(i + 1)} {sentence(i + 2)}\n{sentence(i + 3)} {sentence(i + 4, 9)}\n")
    elif kind == 3:
        block = "".join(f"- {sentence(i + k, 8)} with *item {k}*\n" for k in range(4))
    elif kind == 4:
        block = "".join(f"{k + 1}. {sentence(i + k, 6)}\n" for k in range(3))
    elif kind == 6:
        block = f"> {sentence(i)}\n> {sentence(i + 1, 10)}\n"
    elif kind == 7:
        block = f"$$\n\\hat{{F}}_t = \\Lambda' X_t + e_{{{i % 7}}}\n$$\n"
    elif kind == 9:
        block = f"```python\nfor k in range({i % 50}):\n    print(k * {i % 13})\n```\n"
    else:
        block = ("| Series | Mean | SD |\n|---|---:|---:|\n"
                 + "".join(f"| S{i}_{k} | {k * 0.37 + i % 11:.2f} | {1 + k * 0.11:.2f} |\n" for k in range(4)))
    blocks.append(block)
    size += len(block) + 1
    i += 1

with open(path, "w", encoding="utf-8") as fh:
    fh.write("# A very long chapter\n\n" + "\n".join(blocks))
