#!/usr/bin/python3
"""Writes the CJK documents of sample_data/ (records whose CJK share is at least 0.3, the share at which
`word_split: auto` takes ICU's words: its zh and ja records, and two short "und" ones) as {"text": ...} lines: real
CJK text for the CJK benchmark (cjk_bench), next to the generated Chinese corpus of make_corpus.py. The CJK
share is filters/cjk_script.h's: CJK characters / non-whitespace characters. Malformed lines are skipped.
Usage: extract_cjk.py SAMPLE_DATA_DIR OUT.jsonl"""
import json
import sys

from extract_english import sample_records

MIN_CJK_SHARE = 0.3


def is_han(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FA1F or
            0x30000 <= cp <= 0x323AF or 0xF900 <= cp <= 0xFAFF or 0x2E80 <= cp <= 0x2FDF or
            cp in (0x3005, 0x3006, 0x3007) or 0x3021 <= cp <= 0x3029 or 0x3038 <= cp <= 0x303B)


def is_cjk(cp):
    return (is_han(cp) or 0x3041 <= cp <= 0x309F or 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or
            0xFF66 <= cp <= 0xFF9F or 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or
            0x3131 <= cp <= 0x318E or 0xA960 <= cp <= 0xA97F or 0xD7B0 <= cp <= 0xD7FF or 0xFFA0 <= cp <= 0xFFDC)


def cjk_share(text):
    non_space = [ord(c) for c in text if not c.isspace()]
    return sum(map(is_cjk, non_space)) / len(non_space) if non_space else 0.0


def main():
    src, out = sys.argv[1], sys.argv[2]
    docs = 0
    with open(out, "w", encoding="utf-8") as f:
        for record in sample_records(src):
            text = record.get("text")
            if not isinstance(text, str) or cjk_share(text) < MIN_CJK_SHARE:
                continue
            f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            docs += 1
    print(f"{out}: {docs} CJK documents", file=sys.stderr)


if __name__ == "__main__":
    main()
