#!/usr/bin/env python3
"""An independent reference for winnow's datatrove-mode MinHash, written from datatrove's definitions with the
Python standard library only (no numpy, no xxhash module, no code shared with winnow's C++).

    minhash_reference.py [--ngram N] [--bands B] [--rows R] [--seed S] < docs.jsonl

Reads JSON lines with a "text" member; for each writes two lines:
    the normalized words joined by single spaces (datatrove's simplify_text, then str.split())
    the B*R signature values separated by spaces, or "-" when the text has fewer than N words
Also usable as `minhash_reference.py --parameters K [--seed S]`: prints a_0..a_K-1, then b_0..b_K-1.
"""
import argparse
import json
import random
import re
import sys
import unicodedata

MASK64 = (1 << 64) - 1
MERSENNE61 = (1 << 61) - 1

# ---------------------------------------------------------------- xxHash64 (the XXH64 specification)
P1 = 0x9E3779B185EBCA87
P2 = 0xC2B2AE3D27D4EB4F
P3 = 0x165667B19E3779F9
P4 = 0x85EBCA77C2B2AE63
P5 = 0x27D4EB2F165667C5


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & MASK64


def xxh64_round(acc, lane):
    acc = (acc + lane * P2) & MASK64
    acc = rotl(acc, 31)
    return (acc * P1) & MASK64


def xxh64_merge(acc, val):
    acc ^= xxh64_round(0, val)
    return (acc * P1 + P4) & MASK64


def xxh64(data, seed=0):
    n = len(data)
    i = 0
    if n >= 32:
        v1 = (seed + P1 + P2) & MASK64
        v2 = (seed + P2) & MASK64
        v3 = seed
        v4 = (seed - P1) & MASK64
        while i + 32 <= n:
            v1 = xxh64_round(v1, int.from_bytes(data[i:i + 8], "little"))
            v2 = xxh64_round(v2, int.from_bytes(data[i + 8:i + 16], "little"))
            v3 = xxh64_round(v3, int.from_bytes(data[i + 16:i + 24], "little"))
            v4 = xxh64_round(v4, int.from_bytes(data[i + 24:i + 32], "little"))
            i += 32
        h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) & MASK64
        for v in (v1, v2, v3, v4):
            h = xxh64_merge(h, v)
    else:
        h = (seed + P5) & MASK64
    h = (h + n) & MASK64
    while i + 8 <= n:
        h ^= xxh64_round(0, int.from_bytes(data[i:i + 8], "little"))
        h = (rotl(h, 27) * P1 + P4) & MASK64
        i += 8
    if i + 4 <= n:
        h ^= (int.from_bytes(data[i:i + 4], "little") * P1) & MASK64
        h = (rotl(h, 23) * P2 + P3) & MASK64
        i += 4
    while i < n:
        h ^= (data[i] * P5) & MASK64
        h = (rotl(h, 11) * P1) & MASK64
        i += 1
    h ^= h >> 33
    h = (h * P2) & MASK64
    h ^= h >> 29
    h = (h * P3) & MASK64
    h ^= h >> 32
    return h


# ---------------------------------------------------------------- numpy.random.RandomState(seed).randint
def mt19937(seed):
    """The standard library's Mersenne Twister, put into the state init_genrand(seed) gives (numpy's seeding
    of RandomState from an integer); random.Random's own seed() would use init_by_array instead."""
    state = [seed & 0xFFFFFFFF]
    for i in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + i) & 0xFFFFFFFF)
    generator = random.Random()
    generator.setstate((3, tuple(state) + (624,), None))
    return generator


def randint_uint64(generator, low, high, count):
    """numpy's legacy bounded sampler for ranges wider than 32 bits: 64-bit draws made of two 32-bit outputs
    (first one high), masked to the smallest all-ones mask covering the range, rejected when above it."""
    rng = high - low - 1
    mask = (1 << rng.bit_length()) - 1
    out = []
    while len(out) < count:
        value = ((generator.getrandbits(32) << 32) | generator.getrandbits(32)) & mask
        if value <= rng:
            out.append(low + value)
    return out


def parameters(seed, count):
    generator = mt19937(seed)
    a = randint_uint64(generator, 1, MERSENNE61, count)
    b = randint_uint64(generator, 0, MERSENNE61, count)
    return a, b


# ---------------------------------------------------------------- datatrove's simplify_text (TextNormConfig())
PUNCTUATION = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»" + "".join(
    map(chr, (x for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b))))
PUNCTUATION_TRANS = str.maketrans(PUNCTUATION, " " * len(PUNCTUATION))
# In a str pattern, re's \d is exactly the Unicode category Nd, as the regex module's \p{Nd}.
NUMBERS = re.compile(r"\d+([.,،٫⎖⎗⎘]\d+)?")
WHITESPACE = re.compile(r"\s+")


def simplify_text(text):
    text = text.lower()
    text = NUMBERS.sub("0", text)
    text = text.translate(PUNCTUATION_TRANS)
    text = WHITESPACE.sub(" ", text.strip())
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.strip()


def signature(words, ngram, a, b):
    shingles = [xxh64(" ".join(words[i:i + ngram]).encode("utf-8")) for i in range(len(words) - ngram + 1)]
    if not shingles:
        return None
    # numpy: uint64 shingles * uint64 a + b wraps modulo 2^64, then % (2^61 - 1).
    return [min(((x * ai + bi) & MASK64) % MERSENNE61 for x in shingles) for ai, bi in zip(a, b)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--bands", type=int, default=14)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parameters", type=int, default=0)
    args = parser.parse_args()
    if args.parameters:
        a, b = parameters(args.seed, args.parameters)
        print(" ".join(map(str, a)))
        print(" ".join(map(str, b)))
        return
    a, b = parameters(args.seed, args.bands * args.rows)
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        words = simplify_text(json.loads(line)["text"]).split()
        out.write(" ".join(words) + "\n")
        sig = signature(words, args.ngram, a, b)
        out.write(("-" if sig is None else " ".join(map(str, sig))) + "\n")


if __name__ == "__main__":
    main()
