#!/usr/bin/python3
"""Conformance: winnow's filters (through filters_probe) against the Python reference (reference.py) on the
documents gen_docs.py builds. Every document must agree: words, sentence count, each family's decision and
signals (to 1e-5, the probe prints 6 significant digits) and C4's rewritten text.

Usage: check_conformance.py PATH/TO/filters_probe [--seed N] [--count N]   (exit 0 when all agree)
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_docs  # noqa: E402
import reference  # noqa: E402


def close(a, b):
    return abs(a - b) <= 1e-5 * max(1.0, abs(a), abs(b))


def compare(doc, got):
    problems = []
    if got["words"] != reference.words(doc):
        problems.append("words")
    if got["sentences"] != reference.count_sentences(doc):
        problems.append("sentences")
    for family in ("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"):
        exp = getattr(reference, family)(doc)
        mine = got[family]
        if mine["decision"] != exp["decision"]:
            problems.append(f"{family}.decision {mine['decision']} != {exp['decision']}")
        for key, value in exp.items():
            if key == "decision" or key not in mine:
                continue
            if family == "c4_quality" and exp["decision"] != "keep":
                continue
            ok = mine[key] == value if isinstance(value, str) else close(mine[key], value)
            if not ok:
                problems.append(f"{family}.{key} {mine[key]!r} != {value!r}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("probe")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--count", type=int, default=1500)
    args = ap.parse_args()
    docs = gen_docs.documents(args.seed, args.count)
    docs.append("word " * 2_000_000)  # a 10 MB document
    stdin = "".join(json.dumps({"text": d}) + "\n" for d in docs).encode()
    out = subprocess.run([args.probe], input=stdin, capture_output=True, check=True).stdout.decode().splitlines()
    assert len(out) == len(docs), (len(out), len(docs))
    failures = 0
    decisions = {}
    for doc, line in zip(docs, out):
        got = json.loads(line)
        for family in ("gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"):
            decisions.setdefault(family, {}).setdefault(got[family]["decision"], 0)
            decisions[family][got[family]["decision"]] += 1
        problems = compare(doc, got)
        if problems:
            failures += 1
            if failures <= 10:
                print(f"DISAGREE {doc[:200]!r}\n  " + "\n  ".join(problems))
    print(f"{len(docs) - failures} of {len(docs)} documents agree")
    for family, counts in decisions.items():
        print(f"  {family}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
