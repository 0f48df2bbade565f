"""An independent reference for winnow's quality filters: datatrove v0.10's definitions, written from their
documentation and behaviour (docs/FILTERS.md), with NLTK 3.8 (Debian's python3-nltk) as the word tokenizer.

Words are NLTK's word_tokenize: Punkt sentences, then NLTKWordTokenizer. Punkt uses winnow's default English
parameters (the abbreviation list below, nothing else; see filters/punkt.h for why), given to NLTK's own
PunktSentenceTokenizer, so what is compared is winnow's reimplementation against NLTK's code.
"""
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


def words(text):
    """datatrove NLTKTokenizer('english').word_tokenize: word_tokenize + strip_strings."""
    tokens = [t for s in PUNKT.tokenize(text) for t in TREEBANK.tokenize(s)]
    return [t.strip() for t in tokens if t.strip()]


def count_sentences(text):
    """datatrove split_into_sentences(text) length: one piece per span, at least one."""
    return max(1, len(sentence_spans(text)))
