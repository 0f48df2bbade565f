#!/usr/bin/env python3
"""Writes a HuggingFace tokenizer.json for GPT-2 derived from tiktoken's r50k_base rank file, the
test model for winnow's tokenizer.json loader (no model is committed and no model hub is reachable).

GPT-2's HF vocabulary and merges follow from the ranks alone:
  vocab  = each token's bytes written in GPT-2's byte-level alphabet -> its rank (= id), plus
           "<|endoftext|>" -> 50256 (also an added, special token, as in the real file);
  merges = for each token of two or more bytes, in rank order, the two parts that lowest-rank-first
           BPE over the lower-ranked tokens leaves when it is run on the token's bytes.
Pre-tokenizer ByteLevel(add_prefix_space false, use_regex true), no normalizer: as GPT-2's file.

Usage: make_gpt2_tokenizer_json.py R50K_RANK_FILE OUT.json [--merge-pairs] [--add-prefix-space]
  --merge-pairs       write merges as ["a", "b"] pairs (the newer HF format) instead of "a b"
  --add-prefix-space  ByteLevel add_prefix_space true
"""
import base64
import json
import sys


def byte_level_alphabet():
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(0x100 + extra)
            extra += 1
    return table


def split_of(token, ranks):
    """The two parts lowest-rank-first BPE ends with on token's bytes, using only lower ranks."""
    limit = ranks[token]
    parts = [token[i:i + 1] for i in range(len(token))]
    while True:
        best, at = None, None
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and r < limit and (best is None or r < best):
                best, at = r, i
        if best is None:
            break
        parts[at:at + 2] = [parts[at] + parts[at + 1]]
    if len(parts) != 2:
        sys.exit(f"make_gpt2_tokenizer_json: token {token!r} does not split into two lower-ranked parts")
    return parts


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(args) != 2 or flags - {"--merge-pairs", "--add-prefix-space"}:
        sys.exit(__doc__)
    ranks = {}
    with open(args[0], "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    alphabet = byte_level_alphabet()
    text = lambda bs: "".join(alphabet[b] for b in bs)
    vocab = {text(t): r for t, r in ranks.items()}
    vocab["<|endoftext|>"] = 50256
    merges = []
    for token, _ in sorted(ranks.items(), key=lambda kv: kv[1]):
        if len(token) < 2:
            continue
        a, b = split_of(token, ranks)
        merges.append([text(a), text(b)] if "--merge-pairs" in flags else f"{text(a)} {text(b)}")
    model = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": 50256, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": "--add-prefix-space" in flags,
                          "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "vocab": vocab,
                  "merges": merges},
    }
    with open(args[1], "w", encoding="utf-8") as f:
        json.dump(model, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
