"""An independent reference for winnow's quality filters: datatrove v0.10's definitions, written from their
documentation and behaviour (docs/FILTERS.md), with NLTK 3.8 (Debian's python3-nltk) as the word tokenizer.

Words are NLTK's word_tokenize: Punkt sentences, then NLTKWordTokenizer. Punkt uses winnow's default English
parameters (the abbreviation list below, nothing else; see filters/punkt.h for why), given to NLTK's own
PunktSentenceTokenizer, so what is compared is winnow's reimplementation against NLTK's code.
"""
import functools
import re
from collections import Counter

from nltk.tokenize.destructive import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Must equal PunktParameters::english_default() in filters/punkt.cpp.
ABBREVIATIONS = """mr mrs ms dr prof sr jr st mt ft vs etc e.g i.e cf al approx inc ltd co corp dept univ gov gen
col lt sgt capt rev hon no nos vol vols fig figs pp ed eds u.s u.k u.n a.m p.m jan feb mar apr jun jul aug sep
sept oct nov dec ave blvd rd est ca viz resp""".split()

_params = PunktParameters()
_params.abbrev_types = set(ABBREVIATIONS)
PUNKT = PunktSentenceTokenizer(_params)
TREEBANK = NLTKWordTokenizer()


def sentence_spans(text):
    return list(PUNKT.span_tokenize(text))


@functools.lru_cache(maxsize=4)
def _words(text):
    tokens = [t for s in PUNKT.tokenize(text) for t in TREEBANK.tokenize(s)]
    return tuple(t.strip() for t in tokens if t.strip())


def words(text):
    """datatrove NLTKTokenizer('english').word_tokenize: word_tokenize + strip_strings.

    The checker and three families ask for the same document's words: they are computed once per text (a
    small cache), a fresh list is returned each time."""
    return list(_words(text))


def count_sentences(text):
    """datatrove split_into_sentences(text) length: one piece per span, at least one."""
    return max(1, len(sentence_spans(text)))


# datatrove v0.10 character sets (utils/text.py), as code points.
PUNCTUATION_SET = {chr(int(x, 16)) for x in """
0 1 2 3 4 5 6 7 8 B C D E F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 21 22 23 24 25 26 27 28 29 2A 2B 2C
2D 2E 2F 3A 3B 3C 3D 3E 3F 40 5B 5C 5D 5E 5F 60 7B 7C 7D 7E 7F 80 81 82 83 84 85 86 87 88 89 8A 8B 8C 8D 8E 8F
90 91 92 93 94 95 96 97 98 99 9A 9B 9C 9D 9E 9F AB B4 BB 2013 2014 2019 201C 201D 201E 2026 2236 2501 25BA 3001
3002 3008 3009 300A 300B 300C 300D 3010 3011 FF01 FF05 FF08 FF09 FF0C FF0E FF11 FF1A FF1B FF1F FF5E""".split()}
TERMINAL_PUNCTUATION = {chr(int(x, 16)) for x in """
21 2E 3F 589 61D 61E 61F 6D4 700 701 702 7F9 837 839 83D 83E 964 965 104A 104B 1362 1367 1368 166E 1735 1736
17D4 17D5 17D6 17D9 17DA 1803 1809 1944 1945 1AA8 1AA9 1AAA 1AAB 1B5A 1B5B 1B5E 1B5F 1B7D 1B7E 1C3B 1C3C 1C7E
1C7F 203C 203D 2047 2048 2049 2E2E 2E3C 2E53 2E54 3002 A4FF A60E A60F A6F3 A6F7 A876 A877 A8CE A8CF A92F A9C8
A9C9 AA5D AA5E AA5F AAF0 AAF1 ABEB FE52 FE56 FE57 FF01 FF0E FF1F FF61 10A56 10A57 10F55 10F56 10F57 10F58 10F59
10F86 10F87 10F88 10F89 11047 11048 110BE 110BF 110C0 110C1 11141 11142 11143 111C5 111C6 111CD 111DE 111DF
11238 11239 1123B 1123C 112A9 1144B 1144C 115C2 115C3 115C9 115CA 115CB 115CC 115CD 115CE 115CF 115D0 115D1
115D2 115D3 115D4 115D5 115D6 115D7 11641 11642 1173C 1173D 1173E 11944 11946 11A42 11A43 11A9B 11A9C 11C41
11C42 11EF7 11EF8 11F43 11F44 16A6E 16A6F 16AF5 16B37 16B38 16B44 16E98 1BC9F 1DA88""".split()}
PUNCTUATION_SET |= TERMINAL_PUNCTUATION
STOP_WORDS = {"the", "be", "to", "of", "and", "that", "have", "with"}


def _div(a, b):
    return a / b if b else 0.0


def gopher_quality(text):
    ws = words(text)
    n = len(ws)
    content = [w for w in ws if any(c not in PUNCTUATION_SET for c in w)]
    signals = {"non_symbol_words": len(content),
               "mean_word_length": _div(sum(len(w) for w in content), len(content)),
               "alpha_words_ratio": _div(sum(any(c.isalpha() for c in w) for w in ws), n),
               "stop_words": len(STOP_WORDS & set(ws))}
    lines = text.splitlines()

    def decide():
        if len(content) < 50:
            return "gopher_short_doc"
        if len(content) > 100000:
            return "gopher_long_doc"
        mean = signals["mean_word_length"]
        if content and mean < 3:
            return "gopher_below_avg_threshold"
        if content and mean > 10:
            return "gopher_above_avg_threshold"
        if _div(text.count("#"), n) > 0.1:
            return "gopher_too_many_hashes"
        if _div(text.count("...") + text.count("…"), n) > 0.1:
            return "gopher_too_many_ellipsis"
        if _div(sum(l.lstrip().startswith(("•", "-")) for l in lines), len(lines)) > 0.9:
            return "gopher_too_many_bullets"
        if _div(sum(l.rstrip().endswith(("...", "…")) for l in lines), len(lines)) > 0.3:
            return "gopher_too_many_end_ellipsis"
        if signals["alpha_words_ratio"] < 0.8:
            return "gopher_below_alpha_threshold"
        if signals["stop_words"] < 2:
            return "gopher_enough_stop_words"
        return "keep"
    signals["decision"] = decide()
    return signals


def _duplicates(items):
    seen, count, chars = set(), 0, 0
    for x in items:
        if x in seen:
            count, chars = count + 1, chars + len(x)
        else:
            seen.add(x)
    return count, chars


def gopher_repetition(text):
    size = len(text)
    paras = re.split(r"\n{2,}", text.strip())
    pd, pc = _duplicates(paras)
    lines = re.split(r"\n+", text)
    ld, lc = _duplicates(lines)
    ws = words(text)

    def top(n):
        grams = [" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)]
        if not grams:
            return 0.0
        gram, count = Counter(grams).most_common(1)[0]
        return _div(len(gram) * count, size)

    def dup(n):
        seen, idx, chars = set(), 0, 0
        while idx < len(ws) - n + 1:
            gram = "".join(ws[idx:idx + n])
            if gram in seen:
                chars += len(gram)
                idx += n
            else:
                seen.add(gram)
                idx += 1
        return _div(chars, size)

    signals = {"dup_para_char_frac": _div(pc, size), "dup_line_char_frac": _div(lc, size)}
    for n in (2, 3, 4):
        signals[f"top_{n}_gram"] = top(n)
    for n in (5, 6, 7, 8, 9, 10):
        signals[f"duplicated_{n}_n_grams"] = dup(n)

    def decide():
        if _div(pd, len(paras)) > 0.3:
            return "dup_para_frac"
        if _div(pc, size) > 0.2:
            return "dup_para_char_frac"
        if _div(ld, len(lines)) > 0.3:
            return "dup_line_frac"
        if _div(lc, size) > 0.2:
            return "dup_line_char_frac"
        for n, t in ((2, 0.2), (3, 0.18), (4, 0.16)):
            if signals[f"top_{n}_gram"] > t:
                return f"top_{n}_gram"
        for n, t in ((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)):
            if signals[f"duplicated_{n}_n_grams"] > t:
                return f"duplicated_{n}_n_grams"
        return "keep"
    signals["decision"] = decide()
    return signals


CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]


def c4_quality(text):
    sentences, kept = 0, []
    for line in text.splitlines():
        line = line.strip()
        ws = line.split()
        if any(len(w) > 1000 for w in ws):
            continue
        line = CITATION.sub("", line)
        if not line.endswith((".", "?", "!", '"', "'")) or line.endswith("..."):
            continue
        if len(ws) < 3:
            continue
        low = line.lower()
        if "lorem ipsum" in low:
            return {"decision": "c4_lorem_ipsum"}
        if "javascript" in low:
            continue
        if "{" in line:
            return {"decision": "c4_curly_bracket"}
        if any(p in low for p in POLICY):
            continue
        sentences += count_sentences(line)
        kept.append(line)
    if sentences < 5:
        return {"decision": "c4_too_few_sentences", "sentences": sentences}
    return {"decision": "keep", "sentences": sentences, "text": "\n".join(kept).strip()}


def fineweb_quality(text):
    lines = [l for l in text.split("\n") if l.strip() != ""]
    if not lines:
        return {"decision": "fineweb_empty"}
    punct = sum(l.endswith(tuple(TERMINAL_PUNCTUATION)) for l in lines) / len(lines)
    short = sum(len(l) <= 30 for l in lines) / len(lines)
    dup = _div(_duplicates(lines)[1], len(text.replace("\n", "")))
    ws = words(text)
    lst = _div(text.count("\n"), len(ws))
    signals = {"line_punct_ratio": punct, "char_dup_ratio": dup, "list_ratio": lst}
    if punct < 0.12:
        signals["decision"] = "fineweb_line_punct_ratio"
    elif short > 0.67:
        signals["decision"] = "fineweb_short_line_ratio"
    elif dup > 0.01:
        signals["decision"] = "fineweb_char_dup_ratio"
    elif lst > 0.3:
        signals["decision"] = "fineweb_list_ratio"
    else:
        signals["decision"] = "keep"
    return signals
