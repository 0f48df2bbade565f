#!/usr/bin/env python3
"""Writes the two benchmark inputs (NUL-separated documents) into OUT_DIR:
  english.docs  English documents (lang_hint "en") from sample_data/*.jsonl[.gz]
  mixed.docs    all documents (en de fr es ru ja zh ...) from the same files
Each distinct document text appears once: nothing is repeated, so a cache inside the tokenizer
(PieceCache) gains only from what natural text repeats (words, names), never from seeing the same
document again. (The sample data is made for dedup tests and holds near-duplicates; exact
duplicates are dropped here, near-duplicates stay, see docs/TOKENIZER.md.)
Usage: make_inputs.py REPO_ROOT OUT_DIR
"""
import gzip
import json
import os
import sys


def records(repo):
    folder = os.path.join(repo, "sample_data")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        # The sample data holds deliberately broken lines (bad UTF-8, bad JSON): skip or repair.
        if name.endswith(".jsonl.gz"):
            f = gzip.open(path, "rt", encoding="utf-8", errors="replace")
        elif name.endswith(".jsonl"):
            f = open(path, encoding="utf-8", errors="replace")
        else:
            continue  # .zst needs a non-stdlib decoder; two shards are plenty
        with f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"]:
                    yield r


def main():
    repo, out = sys.argv[1], sys.argv[2]
    english, mixed, seen = [], [], set()
    for r in records(repo):
        doc = r["text"].replace("\0", "").encode("utf-8", "surrogatepass").decode("utf-8", "replace").encode("utf-8")
        if doc in seen:
            continue
        seen.add(doc)
        mixed.append(doc)
        if r.get("lang_hint") == "en":
            english.append(doc)
    if not english:
        sys.exit("make_inputs: no English records found under sample_data/")
    os.makedirs(out, exist_ok=True)
    for name, docs in (("english", english), ("mixed", mixed)):
        data = b"\0".join(docs)
        with open(os.path.join(out, name + ".docs"), "wb") as f:
            f.write(data)
        print(f"{name}: {len(docs)} distinct documents, {len(data) / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
