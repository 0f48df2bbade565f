"""Draws documents by category and plants exact and near duplicates.

Every document is assembled from in-memory sources (see sources.py), so the
cost per document is a few list operations. Two invariants make the planted
duplicates a usable ground truth:

  * no two documents have the same text unless one is a planted exact
    duplicate of the other (a digest of every text is kept; a draw that
    collides is retried);
  * duplicates are only made of originals, never of other duplicates.

  * unplanted documents are not near duplicates of each other either: each
    document records which source units (man-page paragraphs, fortunes, code
    snippets) it used, weighted by length, and a draw that shares half or
    more of its weighted units with an earlier document from the same source
    is retried. Some overlap remains (a shared paragraph, the same banner),
    as it does between pages on the web.
"""

import hashlib
import random
import re
from dataclasses import dataclass

from . import templates as T
from .sources import Sources

# Relative frequency of each category (documents, not bytes).
CATEGORY_WEIGHTS = {
    "prose": 44, "boilerplate": 10, "legal": 2, "spam": 5, "lorem": 3, "code": 5,
    "short": 5, "bullets": 5, "exact_dup": 11, "near_dup": 10,
}
# Relative frequency of languages among prose, boilerplate and bullet pages.
LANG_WEIGHTS = {"en": 28, "de": 16, "fr": 12, "es": 8, "ru": 8, "ja": 12, "zh": 16}
NO_SPACES = {"ja", "zh"}          # scripts written without spaces between words
MAX_CHARS = 12_000                # stop adding sections beyond this
POOL_SIZE = 4096                  # originals kept as candidates for duplication
DUP_SOURCES = {"prose", "boilerplate", "legal", "spam", "lorem", "code", "bullets"}
MAX_UNIT_OVERLAP = 0.5            # weighted Jaccard of source units that counts as "too close"

# Source units a document was built from: (anchor, part) -> weight in characters.
# The anchor groups units that can recur together (one man page, one snippet).
Units = dict[tuple, int]


@dataclass
class Doc:
    category: str
    lang: str
    text: str
    original: str | None = None     # id of the original, for planted duplicates
    kind: str | None = None         # "exact" or "near"
    edit: str | None = None         # near duplicates: "substitute" or "append"
    words_changed: int | None = None
    of_category: str | None = None  # category of the original
    units: Units | None = None      # source units used; None for synthetic text


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


class OverlapGuard:
    """Remembers the source units of accepted documents, indexed by anchor."""

    def __init__(self):
        self.by_anchor: dict[tuple, list[tuple[Units, int]]] = {}

    @staticmethod
    def _anchors(units: Units) -> set:
        return {key[0] for key in units}

    def too_close(self, units: Units) -> bool:
        total = sum(units.values())
        for anchor in self._anchors(units):
            for other, other_total in self.by_anchor.get(anchor, ()):
                shared = sum(w for k, w in units.items() if k in other)
                if shared and shared / (total + other_total - shared) >= MAX_UNIT_OVERLAP:
                    return True
        return False

    def add(self, units: Units) -> None:
        entry = (units, sum(units.values()))
        for anchor in self._anchors(units):
            self.by_anchor.setdefault(anchor, []).append(entry)


class Mixer:
    def __init__(self, src: Sources, rng: random.Random):
        self.src, self.rng = src, rng
        self.langs = [l for l in LANG_WEIGHTS if src.pages.get(l) or src.fortunes.get(l)]
        self.lang_weights = [LANG_WEIGHTS[l] for l in self.langs]
        self.categories = list(CATEGORY_WEIGHTS)
        self.category_weights = [CATEGORY_WEIGHTS[c] for c in self.categories]
        if not src.c_code and not src.shell_code:
            self.category_weights[self.categories.index("code")] = 0
        if not src.docs:
            self.category_weights[self.categories.index("legal")] = 0
        # Flat paragraph lists per language, for bullet teasers and intros.
        self.paragraphs = {
            l: [p for page in src.pages.get(l, []) for s in page.sections for p in s.paragraphs]
               + [f.split("\n")[0] for f in src.fortunes.get(l, [])]
            for l in self.langs
        }
        self.seen: set[bytes] = set()
        self.guard = OverlapGuard()
        self.pool: list[tuple[str, Doc]] = []
        self.short_pages = list(T.SHORT_PAGES)

    # ---- public -------------------------------------------------------

    def next(self) -> Doc:
        """Returns the next document; duplicates refer to remembered ids."""
        category = self.rng.choices(self.categories, self.category_weights)[0]
        if category == "exact_dup" and self.pool:
            return self._exact_dup()
        if category == "near_dup" and self.pool:
            doc = self._unique(self._near_dup)
            if doc:
                return doc
        if category in ("exact_dup", "near_dup"):
            category = "prose"
        doc = self._unique(getattr(self, "_" + category))
        # Small categories can run out of unique combinations at large
        # scale; prose never does.
        return doc or self._unique(self._prose, attempts=1000)

    def remember(self, doc: Doc, doc_id: str) -> None:
        """Makes an original eligible to be duplicated later."""
        if doc.original is not None or doc.category not in DUP_SOURCES:
            return
        if len(self.pool) < POOL_SIZE:
            self.pool.append((doc_id, doc))
        else:
            self.pool[self.rng.randrange(POOL_SIZE)] = (doc_id, doc)

    # ---- helpers ------------------------------------------------------

    def _unique(self, make, attempts: int = 20) -> Doc | None:
        for _ in range(attempts):
            doc = make()
            if doc is None:
                continue
            d = digest(doc.text)
            if d in self.seen or (doc.units and self.guard.too_close(doc.units)):
                continue
            self.seen.add(d)
            if doc.units:
                self.guard.add(doc.units)
            return doc
        return None

    def _lang(self) -> str:
        return self.rng.choices(self.langs, self.lang_weights)[0]

    def _subset(self, items: list, p: float, at_least: int = 1) -> list:
        """An ordered random subset; keeps documents from one source distinct."""
        chosen = [x for x in items if self.rng.random() < p]
        if len(chosen) < at_least:
            chosen = items[:at_least]
        return chosen

    def _date(self) -> str:
        r = self.rng
        return f"{r.randint(2015, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def _body(self, lang: str, max_sections: int) -> tuple[str, Units]:
        """Real prose: sections of one man page, or several fortunes."""
        r = self.rng
        pages, fortunes = self.src.pages.get(lang), self.src.fortunes.get(lang)
        if fortunes and (not pages or r.random() < 0.4):
            picks = r.sample(range(len(fortunes)), r.randint(2, 8))
            units = {(("fortune", lang, i), 0): len(fortunes[i]) for i in picks}
            return "\n\n".join(fortunes[i] for i in picks), units
        p = r.randrange(len(pages))
        page, anchor = pages[p], ("page", lang, p)
        parts, units = [page.title], {}
        size = len(page.title)
        sections = self._subset(list(enumerate(page.sections)), 0.6)[:max_sections]
        for s, sec in sections:
            paras = self._subset(list(enumerate(sec.paragraphs)), 0.7)[: r.randint(1, 8)]
            parts.append(sec.title)
            parts.extend(text for _, text in paras)
            units.update({(anchor, (s, i)): len(text) for i, text in paras})
            size += sum(len(text) for _, text in paras)
            if size > MAX_CHARS:
                break
        return "\n\n".join(parts), units

    # ---- categories ---------------------------------------------------

    def _prose(self) -> Doc:
        lang = self._lang()
        text, units = self._body(lang, max_sections=5)
        return Doc("prose", lang, text, units=units)

    def _boilerplate(self) -> Doc:
        """Real text wrapped in navigation, cookie banner and footer lines."""
        r, lang = self.rng, self._lang()
        c = T.CHROME[lang]
        site = f"{r.choice(T.HOST_WORDS).title()} {r.choice(T.HOST_KINDS).title()}"
        top, bottom = [], []
        if r.random() < 0.4:
            top.append(c["skip"])
        top.append(" | ".join([c["nav"][0]] + r.sample(c["nav"][1:], r.randint(2, len(c["nav"]) - 1))))
        banner = f"{r.choice(c['cookie'])} {' | '.join(r.sample(c['buttons'], 2))}"
        (top if r.random() < 0.5 else bottom).append(banner)
        if r.random() < 0.5:
            bottom.append(f"{c['share']} " + " · ".join(r.sample(T.SOCIAL, r.randint(3, 5))))
        if r.random() < 0.4:
            teasers = [self._teaser(lang) for _ in range(r.randint(2, 4))]
            bottom.append(c["related"] + "\n" + "\n".join(teasers))
        if r.random() < 0.3:
            bottom.append(c["newsletter"])
        bottom.append(f"© {r.randint(2009, 2024)} {site}. {c['rights']}")
        bottom.append(" | ".join(r.sample(c["legal"], r.randint(2, len(c["legal"])))))
        body, units = self._body(lang, max_sections=2)
        return Doc("boilerplate", lang, "\n".join(top) + "\n\n" + body + "\n\n" + "\n".join(bottom),
                   units=units)

    def _legal(self) -> Doc:
        """English README / copyright prose."""
        p = self.rng.randrange(len(self.src.docs))
        page = self.src.docs[p]
        paras = self._subset(list(enumerate(page.sections[0].paragraphs)), 0.6, at_least=2)
        units = {(("doc", p), i): len(text) for i, text in paras}
        return Doc("legal", "en", page.title + "\n\n" + "\n\n".join(t for _, t in paras), units=units)

    def _spam(self) -> Doc:
        r = self.rng
        if r.random() < 0.6:  # keyword stuffing
            terms = [r.choice(T.SPAM_TERMS) for _ in range(r.randint(40, 250))]
            lines, i = [], 0
            while i < len(terms):
                n = r.randint(6, 20)
                lines.append(r.choice([" ", ", ", " | "]).join(terms[i:i + n]))
                i += n
            if r.random() < 0.5:
                lines.insert(0, r.choice(T.SPAM_SHOUTS))
            return Doc("spam", "en", "\n".join(lines))
        # The same line over and over, with a tracking link.
        line = f"{r.choice(T.SPAM_SHOUTS)} https://{r.choice(T.SPAM_HOSTS)}.{r.choice(T.TLDS)}/?ref={r.randint(1000, 99999)}"
        return Doc("spam", "en", "\n".join([line] * r.randint(10, 60)))

    def _lorem(self) -> Doc:
        r = self.rng
        paras = []
        for i in range(r.randint(1, 6)):
            sentences = []
            for j in range(r.randint(3, 8)):
                words = [r.choice(T.LOREM_WORDS) for _ in range(r.randint(5, 16))]
                s = " ".join(words)
                if i == 0 and j == 0:
                    s = T.LOREM_OPENING + " " + s
                sentences.append(s[0].upper() + s[1:] + ".")
            paras.append(" ".join(sentences))
        return Doc("lorem", "la", "\n\n".join(paras))

    def _code(self) -> Doc:
        """A tutorial-like page: heading, maybe an intro, one to three snippets."""
        r = self.rng
        pool = self.src.c_code + self.src.shell_code
        picks = r.sample(range(len(pool)), min(len(pool), r.randint(1, 3)))
        parts = [r.choice(T.CODE_TITLES).format(name=pool[picks[0]][0])]
        if r.random() < 0.6 and self.paragraphs.get("en"):
            parts.append(r.choice(self.paragraphs["en"]))
        parts.extend(pool[i][1] for i in picks)
        units = {(("code", i), 0): len(pool[i][1]) for i in picks}
        return Doc("code", "en", "\n\n".join(parts), units=units)

    def _short(self) -> Doc:
        r = self.rng
        if self.short_pages and r.random() < 0.3:
            return Doc("short", "und", self.short_pages.pop(r.randrange(len(self.short_pages))))
        lang = self._lang()
        vocab = self.src.vocab.get(lang) or self.src.vocab["en"]
        n = 1 if lang in NO_SPACES else r.randint(1, 5)
        return Doc("short", lang, " ".join(r.choice(vocab) for _ in range(n)))

    def _teaser(self, lang: str) -> str:
        """One bullet line: the start of a paragraph cut off with an ellipsis."""
        r = self.rng
        para = r.choice(self.paragraphs[lang])
        if lang in NO_SPACES:
            cut = para[: r.randint(8, 30)]
        else:
            cut = " ".join(para.split()[: r.randint(4, 14)])
        return r.choice(T.BULLETS) + cut + r.choice(["...", "…", " […]", " ..."])

    def _bullets(self) -> Doc:
        r, lang = self.rng, self._lang()
        lines = [self._teaser(lang) for _ in range(r.randint(8, 30))]
        if r.random() < 0.5:
            lines = [f"{line}\n{T.CHROME[lang]['read_more']} »" for line in lines]
        title = r.choice(self.paragraphs[lang])[:60].rstrip()
        return Doc("bullets", lang, title + "\n\n" + "\n".join(lines))

    # ---- duplicates ---------------------------------------------------

    def _exact_dup(self) -> Doc:
        orig_id, orig = self.rng.choice(self.pool)
        return Doc("exact_dup", orig.lang, orig.text, original=orig_id, kind="exact",
                   of_category=orig.category)

    def _near_dup(self) -> Doc:
        r = self.rng
        orig_id, orig = r.choice(self.pool)
        tokens = re.split(r"(\s+)", orig.text)
        word_slots = [i for i in range(0, len(tokens), 2) if tokens[i][:1].isalpha()]
        vocab = self.src.vocab.get(orig.lang) or self.src.vocab["en"]
        if orig.lang in NO_SPACES or len(word_slots) < 30 or r.random() < 0.3:
            c = T.CHROME.get(orig.lang, T.CHROME["en"])
            line = r.choice([
                f"{c['updated']} {self._date()}",
                f"{c['posted']} · {self._date()}",
                f"{c['share']} " + " · ".join(r.sample(T.SOCIAL, 3)),
                f"{c['read_more']} » https://{r.choice(T.HOST_WORDS)}-{r.choice(T.HOST_KINDS)}.{r.choice(T.TLDS)}/p/{r.randint(1, 99999)}",
            ])
            return Doc("near_dup", orig.lang, orig.text + "\n" + line, original=orig_id, kind="near",
                       edit="append", words_changed=len(line.split()), of_category=orig.category)
        k = r.randint(1, 5)
        for i in r.sample(word_slots, k):
            new = r.choice(vocab)
            while new == tokens[i]:
                new = r.choice(vocab)
            tokens[i] = new
        return Doc("near_dup", orig.lang, "".join(tokens), original=orig_id, kind="near",
                   edit="substitute", words_changed=k, of_category=orig.category)
