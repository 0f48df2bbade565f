#!/usr/bin/env python3
"""Generates dedup/normalization_tables.inc: the per-code-point facts the MinHash normalizer needs.

Run from the repository root:  python3 dedup/gen_normalization_tables.py > dedup/normalization_tables.inc
The output depends only on this script and the Unicode version of the Python that runs it (recorded in the
file): the tables pin winnow's definitions, so a Python upgrade cannot change them under users' feet.

For every code point the table stores a flags byte and a "mapping": the UTF-8 of what the character becomes
after lowercasing, canonical decomposition (NFD) and removal of nonspacing marks (category Mn), the order in
which datatrove's simplify_text applies them. Characters that map to themselves store no mapping.
"""
import sys
import unicodedata

# datatrove's PUNCTUATION string (src/datatrove/utils/text.py): the characters its simplify_text turns into
# spaces. Written here as code points so that the set is explicit and reviewable.
DATATROVE_PUNCTUATION = (
    "!/\u2014\u201d:\uff05\uff11\u3008&(\u3001\u2501\\\u3010#%\u300c\u300d\uff0c\u3011\uff1b+^]~\u201c\u300a"
    "\u201e';\u2019{|\u2236\u00b4[=-`*\uff0e\uff08\u2013\uff1f\uff01\uff1a$\uff5e\u00ab\u3009,><\u300b)?"
    "\uff09\u3002\u2026@_.\"}\u25ba\u00bb"
) + "".join(chr(x) for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b))

DIGIT = 0x01            # general category Nd (Python re's \d, the regex module's \p{Nd})
DATATROVE_SEP = 0x02    # whitespace (str.isspace) or in DATATROVE_PUNCTUATION: ends a word in datatrove mode
FAST_SEP = 0x04         # DATATROVE_SEP, or any punctuation (P*), symbol (S*) or control (Cc): ends a word in fast mode
FAST_DROP = 0x08        # format characters (Cf: soft hyphen, zero-width joiner...): removed in fast mode
CJK = 0x10              # a letter of a script written without spaces: one word per character in fast mode
CASED = 0x20            # Unicode "Cased" (for the final-sigma rule of lowercasing)
CASE_IGNORABLE = 0x40   # Unicode "Case_Ignorable" (same)
MAPPED = 0x80           # the character becomes its mapping (possibly empty: a nonspacing mark)

# Scripts written without spaces between words (letters only): Han, Hiragana, Katakana, Bopomofo, Thai, Lao,
# Khmer, Myanmar.
NO_SPACE_RANGES = [
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029),
    (0x3038, 0x303B), (0x3040, 0x30FF), (0x3100, 0x312F), (0x31A0, 0x31BF), (0x31F0, 0x31FF), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x2FA1F), (0x30000, 0x3134F),
]
# Word_Break MidLetter, MidNumLet and Single_Quote (part of the Case_Ignorable definition; not in unicodedata).
WORD_BREAK_MID = {0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52,
                  0xFE55, 0xFF07, 0xFF0E, 0xFF1A}


def strip_marks(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def facts(cp):
    c = chr(cp)
    cat = unicodedata.category(c)
    flags = 0
    if cat == "Nd":
        flags |= DIGIT
    if c.isspace() or c in DATATROVE_PUNCTUATION:
        flags |= DATATROVE_SEP | FAST_SEP
    if cat[0] in "PS" or cat == "Cc":
        flags |= FAST_SEP
    if cat == "Cf" and not flags & FAST_SEP:
        flags |= FAST_DROP
    if cat[0] == "L" and any(a <= cp <= b for a, b in NO_SPACE_RANGES):
        flags |= CJK
    if c.islower() or c.isupper() or c.istitle():
        flags |= CASED
    if cat in ("Mn", "Me", "Cf", "Lm", "Sk") or cp in WORD_BREAK_MID:
        flags |= CASE_IGNORABLE
    mapping = strip_marks(c.lower())
    if flags & DATATROVE_SEP or flags & DIGIT:
        mapping = c  # never looked up: separators end words, digit runs become "0"
    else:
        # The normalizer relies on these: a mapping never creates a word boundary or a digit.
        assert not any(m.isspace() for m in mapping), hex(cp)
        assert not any(unicodedata.category(m) == "Nd" for m in mapping), hex(cp)
    return flags, mapping


def main():
    block_bits = 7
    entries = []  # (flags, mapping bytes) -> property id
    property_ids = {}
    pool = bytearray()
    pool_offsets = {}
    per_cp = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            flags, mapping = 0, ""
        else:
            flags, mapping = facts(cp)
        data = b""
        if mapping != chr(cp):
            flags |= MAPPED
            data = mapping.encode("utf-8")
        key = (flags, data)
        if key not in property_ids:
            if data not in pool_offsets:
                pool_offsets[data] = len(pool)
                pool.extend(data)
            property_ids[key] = len(entries)
            entries.append((flags, len(data), pool_offsets[data]))
        per_cp.append(property_ids[key])
    assert len(entries) < 65536 and len(pool) < (1 << 24)
    blocks = {}
    stage1 = []
    stage2 = []
    for start in range(0, 0x110000, 1 << block_bits):
        block = tuple(per_cp[start:start + (1 << block_bits)])
        if block not in blocks:
            blocks[block] = len(blocks)
            stage2.extend(block)
        stage1.append(blocks[block])
    out = sys.stdout
    out.write("// Generated by dedup/gen_normalization_tables.py from Python %s's Unicode %s. Do not edit.\n"
              % (sys.version.split()[0], unicodedata.unidata_version))
    out.write("// Layout: see dedup/normalization_tables.h.\n")
    out.write('constexpr char kUnicodeVersion[] = "%s";\n' % unicodedata.unidata_version)
    out.write("constexpr int kBlockBits = %d;\n" % block_bits)

    def array(name, ctype, values, per_line=24):
        out.write("constexpr %s %s[%d] = {\n" % (ctype, name, len(values)))
        for i in range(0, len(values), per_line):
            out.write("  " + ",".join(str(v) for v in values[i:i + per_line]) + ",\n")
        out.write("};\n")

    array("kStage1", "std::uint16_t", stage1)
    array("kStage2", "std::uint16_t", stage2)
    out.write("constexpr CodePointFacts kFacts[%d] = {\n" % len(entries))
    for i in range(0, len(entries), 8):
        out.write("  " + ",".join("{%d,%d,%d}" % e for e in entries[i:i + 8]) + ",\n")
    out.write("};\n")
    array("kMappingPool", "unsigned char", list(pool), 32)


if __name__ == "__main__":
    main()
