"""Wraps a document into one JSONL record, the way a crawl dump would.

Every record has id, text, url, dump and lang_hint. About a third also carry
extra metadata (nested objects, numbers, booleans, null, arrays) so that a
cleaner can be checked to pass unknown fields through unchanged.
"""

import json
import random
import re
import urllib.parse

from . import templates as T
from .mix import Doc

EXTRA_FIELDS_SHARE = 0.35
ASCII_ESCAPED_SHARE = 0.05   # records written with \uXXXX escapes instead of raw UTF-8


class RecordMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = 0  # makes every URL distinct, as URLs in a crawl are

    def url(self, doc: Doc) -> str:
        r = self.rng
        self.serial += 1
        if doc.category == "spam":
            host = f"{r.choice(T.SPAM_HOSTS)}.{r.choice(T.TLDS)}"
        else:
            sub = doc.lang if doc.lang in T.CHROME and doc.lang != "en" and r.random() < 0.5 else "www"
            host = f"{sub}.{r.choice(T.HOST_WORDS)}-{r.choice(T.HOST_KINDS)}.{r.choice(T.TLDS)}"
        words = re.findall(r"\w+", doc.text[:80].lower())[:5]
        slug = urllib.parse.quote("-".join(words) or "page")
        style = r.randrange(4)
        if style == 0:
            path = f"/{r.randint(2015, 2024)}/{r.randint(1, 12):02d}/{slug}-{self.serial}"
        elif style == 1:
            path = f"/wiki/{slug}_{self.serial}"
        elif style == 2:
            path = f"/docs/{slug}.html?v={self.serial}"
        else:
            path = f"/?p={self.serial}"
        return f"https://{host}{path}"

    def extras(self) -> dict:
        r = self.rng
        out: dict = {}
        if r.random() < 0.6:
            out["meta"] = {
                "fetch": {"status": 200, "content_type": "text/html; charset=utf-8",
                          "content_length": r.randint(2_000, 400_000)},
                "crawl_time": f"{r.randint(2023, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
                              f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z",
            }
        if r.random() < 0.4:
            out["warc"] = {"record_id": "<urn:uuid:%032x>" % r.getrandbits(128),
                           "offset": r.randint(0, 1 << 30), "length": r.randint(1_000, 90_000)}
        if r.random() < 0.4:
            out["lang_score"] = round(r.uniform(0.3, 1.0), 4)
            out["is_truncated"] = r.random() < 0.1
        if r.random() < 0.3:
            out["tags"] = r.sample(["news", "tech", "docs", "forum", "shop", "blog", "wiki", "faq"], r.randint(1, 3))
            out["license"] = None
        return out or {"source_rank": r.randint(1, 1_000_000)}

    def record(self, doc: Doc, doc_id: str) -> dict:
        r = self.rng
        rec = {"id": doc_id, "text": doc.text, "url": self.url(doc),
               "dump": r.choice(T.DUMPS), "lang_hint": doc.lang}
        if r.random() < EXTRA_FIELDS_SHARE:
            rec.update(self.extras())
        return rec

    def encode(self, rec: dict) -> bytes:
        """One line of JSON, without the line terminator."""
        ascii_only = self.rng.random() < ASCII_ESCAPED_SHARE
        return json.dumps(rec, ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8")
