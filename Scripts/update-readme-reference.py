#!/usr/bin/env python3
"""Replaces the directive reference in README.md (between the directives markers) with the
output of `thesis directives --markdown`. Usage: Scripts/update-readme-reference.py [THESIS_BINARY]"""
import pathlib, subprocess, sys

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/thesis"
reference = subprocess.run([binary, "directives", "--markdown"], check=True, capture_output=True, text=True).stdout.strip("\n")
readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text()
begin, end = "<!-- directives:begin -->\n", "\n<!-- directives:end -->"
start, stop = text.index(begin) + len(begin), text.index(end)
readme.write_text(text[:start] + reference + text[stop:])
