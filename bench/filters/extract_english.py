#!/usr/bin/python3
"""Writes the English documents of sample_data/ (records with lang_hint "en": man pages, fortunes, boilerplate,
legal text, spam, code, bullet lists) as {"text": ...} lines: ordinary prose for the filter benchmark, next to the
generated corpus of make_corpus.py. Malformed lines are skipped.
Usage: extract_english.py SAMPLE_DATA_DIR OUT.jsonl"""
import gzip
import json
import os
import subprocess
import sys


def shard_lines(path):
    if path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    elif path.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            data = f.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    return data.decode("utf-8", errors="replace").splitlines()


def sample_records(src):
    """Every JSON object record of the shards in `src`, in file order; malformed lines are skipped."""
    for name in sorted(os.listdir(src)):
        if ".jsonl" not in name:
            continue
        for line in shard_lines(os.path.join(src, name)):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def main():
    src, out = sys.argv[1], sys.argv[2]
    docs = 0
    with open(out, "w", encoding="utf-8") as f:
        for record in sample_records(src):
            if record.get("lang_hint") != "en" or not isinstance(record.get("text"), str):
                continue
            f.write(json.dumps({"text": record["text"]}, ensure_ascii=False) + "\n")
            docs += 1
    print(f"{out}: {docs} English documents", file=sys.stderr)


if __name__ == "__main__":
    main()
