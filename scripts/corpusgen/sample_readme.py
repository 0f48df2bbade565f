"""Renders sample_data/README.md from the statistics of a generation run.

Generated rather than hand-written so that the line numbers, counts and the
duplicate list can never drift from the committed shards.
"""

import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path

from . import debian, malformed
from .corpus import Stats
from .sources import Sources

CATEGORY_NOTES = {
    "prose": "real text: several sections of one man page, or 2–8 fortunes joined",
    "boilerplate": "real text between navigation, cookie-banner, share, related-posts and © footer lines",
    "legal": "paragraphs of Debian README and copyright files (English)",
    "spam": "keyword stuffing (“buy cheap viagra casino …”) or one line repeated 10–60 times",
    "lorem": "lorem ipsum filler",
    "code": "C and shell examples from man pages' EXAMPLES sections, with a heading",
    "short": "pages of 1–5 words (“404 Not Found”, stray words)",
    "bullets": "teaser lists: many bullet lines cut off with “…” / “...”, often “Read more »”",
    "exact_dup": "planted exact duplicate of an earlier record (same text, new id and url)",
    "near_dup": "planted near duplicate: 1–5 words replaced, or one line appended",
}
LANG_ORDER = ["en", "de", "fr", "es", "ru", "ja", "zh", "la", "und"]


def _zstd_version() -> str:
    try:
        out = subprocess.run(["zstd", "--version"], capture_output=True, text=True).stdout
    except OSError:
        return "?"
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "?"


def _human(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def write_readme(path: Path, stats: Stats, src: Sources, seed: int) -> None:
    out: list[str] = []
    w = out.append
    shards = stats.shards
    total_lines = sum(s.lines for s in shards)
    total_records = sum(s.records for s in shards)
    w("# Sample data\n")
    w("A small web-crawl-like corpus for trying `winnow` and for tests: "
      f"{len(shards)} shards, {total_lines:,} lines, {total_records:,} well-formed records, "
      f"{_human(sum(s.bytes for s in shards))} of JSON "
      f"({_human(sum(s.compressed for s in shards))} on disk).\n")
    w("**Generated file — do not edit.** It is written by `scripts/make-sample-data` "
      "together with the shards (code in `scripts/corpusgen/`). The generator is deterministic "
      f"(seed {seed}): with the same package versions (listed under *Sources*), "
      f"zstd {_zstd_version()} and zlib {zlib.ZLIB_RUNTIME_VERSION} "
      "it rewrites identical bytes. Regenerate after `scripts/install-deps --sample-data` with "
      "`scripts/make-sample-data`.\n")

    w("## Files\n")
    w("| file | encoding | lines | well-formed records | JSON bytes | on disk |")
    w("|---|---|---:|---:|---:|---:|")
    for s in shards:
        enc = "zstd -19" if s.file.endswith(".zst") else "gzip -9" if s.file.endswith(".gz") else "plain"
        w(f"| `{s.file}` | {enc} | {s.lines:,} | {s.records:,} | {s.bytes:,} | {s.compressed:,} |")
    w("")
    w("Each line is one JSON object: `id` (shard name and line number, e.g. `web-01-0000404` is "
      "line 404 of `web-01`), `text`, `url` (hosts under example.com/org/net, RFC 2606), `dump` "
      "(a Common Crawl snapshot name) and `lang_hint` (`en de fr es ru ja zh`, `la` for lorem ipsum, "
      "`und` for undetermined). About a third of the records carry extra fields that a cleaner must "
      "pass through unchanged: nested objects (`meta.fetch.status`, `warc.offset`), numbers, "
      "booleans (`is_truncated`), arrays (`tags`) and `null` (`license`). 5% of the records are "
      "written with `\\uXXXX` escapes instead of raw UTF-8.\n")

    w("## Mix\n")
    w("Documents per category and `lang_hint` (every well-formed record counted once):\n")
    cats = Counter()
    langs = sorted({l for _, l in stats.categories}, key=lambda l: (LANG_ORDER + [l]).index(l))
    w("| category | what | " + " | ".join(langs) + " | total |")
    w("|---|---|" + "---:|" * (len(langs) + 1))
    for cat, note in CATEGORY_NOTES.items():
        row = [stats.categories.get((cat, l), 0) for l in langs]
        cats[cat] = sum(row)
        if cats[cat]:
            w(f"| {cat} | {note} | " + " | ".join(f"{n:,}" if n else "" for n in row) + f" | {cats[cat]:,} |")
    w("| **total** | | " + " | ".join(f"{sum(stats.categories.get((c, l), 0) for c in CATEGORY_NOTES):,}"
                                     for l in langs) + f" | {sum(cats.values()):,} |")
    w("")

    w("## Malformed and unusual lines\n")
    w("Line numbers count from 1 in the decompressed shard.\n")
    w("| file | line | kind | what is wrong | a reader should |")
    w("|---|---:|---|---|---|")
    for s in shards:
        for line, kind in s.malformed:
            what, expect = malformed.KINDS[kind]
            w(f"| `{s.file}` | {line} | {kind} | {what} | {expect} |")
    for s in shards:
        if not s.file.endswith((".zst", ".gz")):
            w(f"| `{s.file}` | {s.lines} | no final newline | the file ends without `\\n` after its last "
              "(valid) record | accept the last record |")
    w("")

    dups = stats.duplicates
    exact = [d for d in dups if d["kind"] == "exact"]
    near = [d for d in dups if d["kind"] == "near"]
    w("## Planted duplicates\n")
    w(f"{len(exact)} exact and {len(near)} near duplicates "
      f"({sum(d['edit'] == 'substitute' for d in near)} with 1–5 words replaced, "
      f"{sum(d['edit'] == 'append' for d in near)} with one line appended, e.g. “Last updated: …” "
      "or share links). Originals can be in an earlier shard; duplicates are never made of "
      "duplicates. Apart from these, no two records have the same text, and no two records share "
      "half or more (by length) of the man-page paragraphs, fortunes, README paragraphs or code "
      "snippets they were built from. Shorter shared passages remain, as on the web: banners, or "
      "the identical copyright section of every coreutils man page.\n")
    w("<details><summary>All planted duplicates (id ← original)</summary>\n")
    w("| id | original | kind | edit | words changed | original category |")
    w("|---|---|---|---|---:|---|")
    for d in dups:
        w(f"| {d['id']} | {d['original_id']} | {d['kind']} | {d.get('edit', '')} | "
          f"{d.get('words_changed', '')} | {d['original_category']} |")
    w("\n</details>\n")

    w("## Sources and licenses\n")
    w("All real text comes from Debian packages installed by `scripts/install-deps --sample-data` "
      "(plus `manpages`/`manpages-dev`, and README/copyright files of base packages). Man pages are "
      "converted from roff source by `scripts/corpusgen/roff.py`; fortunes are split at `%` lines "
      "(ASCII-art and `off/` files skipped). The licenses below are the `License:` fields of each "
      "package's `/usr/share/doc/PKG/copyright` (most frequent first); derived data keeps the license "
      "of its source. Navigation, cookie banners, spam, lorem ipsum and short pages are written by "
      "this project (`scripts/corpusgen/templates.py`).\n")
    w("| package | version | used | lang | files read | pages / fortunes / snippets | license |")
    w("|---|---|---|---|---:|---:|---|")
    for o in src.origins:
        w(f"| {o.package} | {debian.version(o.package)} | {o.what} | {o.lang} | {o.files:,} | "
          f"{o.units:,} | {debian.license_summary(o.package)} |")
    if src.missing:
        w(f"\nNot installed when generated (skipped): {', '.join(sorted(set(src.missing)))}.")
    w("")
    path.write_text("\n".join(out), encoding="utf-8")
