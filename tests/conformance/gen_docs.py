"""Builds the documents the conformance test compares on: synthetic prose, web pages with boilerplate, lists,
code, repeated text, punctuation-heavy and multilingual text, and a random fuzz of tricky characters. Built
from a seed, never from sample_data/, so nothing is tuned to pass."""
import random

WORDS = """the be to of and that have with a in is it you he was for on are as his they at one this from
or had by word but what some we can out other were all there when up use your how said an each she which do
their time if will way about many then them write would like so these her long make thing see him two has
look more day could go come did number sound no most people my over know water than call first who may down
side been now find any new work part take get place made live where after back little only round man year
came show every good me give our under name very through just form sentence great think say help low line
differ turn cause much mean before move right boy old too same tell does set three want air well also play
small end put home read hand port large spell add even land here must big high such follow act why ask men
change went light kind off need house picture try us again animal point mother world near build self earth
father head stand own page should country found answer school grow study still learn plant cover food sun
four between state keep eye never last let thought city tree cross farm hard start might story saw far sea
draw left late run don't can't won't it's I'm they're we've she'll John's cannot gonna wanna gimme 'tis
Dr. Mr. Mrs. etc. e.g. i.e. U.S. vs. No. Jan. approx. St. a.m. p.m. Inc. J. K. 3.5 1,000 42 2019. 7.
encyclopedia internationalization supercalifragilistic antidisestablishmentarianism""".split()
PUNCT = [".", ",", "!", "?", ";", ":", "...", "…", "!!", "?!", ".\"", ".'", ".)", "\"", "'", "(", ")", "[", "]",
         "--", "-", "#", "$", "%", "&", "@", "*", "«", "»", "“", "”", "‘", "’", "„", "`", "``", "''", "{", "}",
         "<", ">", "/", "•", "[1]", "[edit]", "[citation needed]"]
OTHER = ["Ünïcödé", "naïve", "café", "Straße", "İstanbul", "ſtop", "Kelvin", "東京は日本の首都です。",
         "这是一个测试句子。", "Привет, мир.", "مرحبا", "١٢٣", "٣.٥", "x²", "½", "Ⅻ", "e\u0301", "\u00a0",
         "\u2003", "\u3000", "\t", "\r", "\x0b", "\x0c", "\x1c", "\u2028", "\u200b", "\ufeff", "🙂", "JavaScript",
         "javascript", "lorem ipsum", "Lorem Ipsum", "cookie policy", "terms of use", "{", "}"]


def sentence(rng, n):
    out = []
    for i in range(n):
        w = rng.choice(WORDS)
        if i == 0 and rng.random() < 0.7:
            w = w[:1].upper() + w[1:]
        out.append(w)
        r = rng.random()
        if r < 0.08:
            out[-1] += ","
        elif r < 0.1:
            out.append(rng.choice(PUNCT))
    end = rng.choice([".", ".", ".", "?", "!", ".\"", "...", "", ".)", "…", "!!", ":", ";"])
    return " ".join(out) + end


def prose(rng):
    paras = []
    for _ in range(rng.randint(1, 6)):
        paras.append(" ".join(sentence(rng, rng.randint(3, 25)) for _ in range(rng.randint(1, 6))))
    return "\n\n".join(paras)


def web_page(rng):
    lines = []
    boiler = ["Home", "About us", "Contact", "Privacy Policy", "This site uses cookies.", "Share this:",
              "Read more...", "Login | Register", "© 2023 All rights reserved.", "• Item one", "- item two",
              "Click here to enable JavaScript.", "Terms of use apply to all content here.", "Menu", "Search"]
    for _ in range(rng.randint(3, 30)):
        r = rng.random()
        if r < 0.35:
            lines.append(rng.choice(boiler))
        elif r < 0.45:
            lines.append("• " + sentence(rng, rng.randint(2, 8)))
        elif r < 0.5:
            lines.append("")
        else:
            lines.append(sentence(rng, rng.randint(3, 30)))
    if rng.random() < 0.3:
        lines += lines[: rng.randint(1, len(lines))]  # repeated boilerplate
    return "\n".join(lines)


def repetitive(rng):
    base = sentence(rng, rng.randint(3, 12))
    return "\n".join(base if rng.random() < 0.6 else sentence(rng, 8) for _ in range(rng.randint(2, 40)))


def fuzz(rng):
    pool = WORDS[:60] + PUNCT + OTHER + [" ", " ", " ", "\n", "\n\n", "'s", "n't", "'ll", "'re", "''", "\"", "'"]
    parts = [rng.choice(pool) for _ in range(rng.randint(1, 60))]
    return "".join(p if rng.random() < 0.5 else p + " " for p in parts)


def multilingual(rng):
    return "\n".join(rng.choice(OTHER[7:12]) * rng.randint(1, 20) for _ in range(rng.randint(1, 10)))


EDGE = ["", " ", "\n\n\n", "   \t  ", "a", "a" * 1000, "word", ".", "...", "\"", "'", "Hello.", "\"Hello,\" he said.",
        "He said 'hi' and left.", "Mr. Smith went to Washington. He arrived at 5 p.m. on Jan. 3.",
        "It's John's book, isn't it? I can't say... Maybe.", "(See Fig. 3.) The results were clear.",
        "Visit https://example.com/a?b=c&d=e. Then email me@example.com!", "e.g. this one; i.e. that one.",
        "U.S. officials said so. The U.K. agreed.", "He cannot go. She gonna go. Wanna come? 'Tis fine, 'twas.",
        "“Quoted,” she said. «Guillemets» work too. ‘Single’ quotes.", "#hashtag #another ## ### … …",
        "x" * 50 + "." + "y" * 50, "1. First\n2. Second\n3. Third", "A -- B --- C ---- D", "Q: What? A: This!",
        # Spaced ellipses, Punkt's (\.\s){2,}\. with its one-repetition backtrack (a period after the last ". " or not).
        "Wait . . . what . . then . . . . ok.", "end . .", ". .\t. .\n. x", "a .\u00a0. .\u00a0b. . . . . c",
        # Abbreviations, initials, numbers and dotted words before lowercase and capitalised words (split's shortcut).
        "Mr. smith met Dr. Jones on Jan. first at 5 a.m. about it. J. doe and x.y. went in 2019. later Fig. three.",
        "See No. five, e.g. this, i.e. that. U.S. troops left. St. paul vs. minneapolis etc. and so on. K. it",
        # Apostrophe words (Treebank's apostrophe shortcut): known suffixes, near misses, separators other than a space.
        "It's John's; they're here, we've done it and DON'T go. DoN't n't o'clock d'ye I'M it'S\tit's\u00a0x can't"]


def documents(seed=2024, count=1200):
    rng = random.Random(seed)
    docs = list(EDGE)
    makers = [prose, prose, web_page, web_page, repetitive, fuzz, fuzz, multilingual]
    while len(docs) < count:
        docs.append(rng.choice(makers)(rng))
    return docs
