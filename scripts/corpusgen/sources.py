"""Loads every real text the corpus is built from, once, into memory.

Generation then only samples and recombines these in-memory paragraphs, which
is what makes a 200 MB corpus take seconds rather than re-reading files.
Loading everything takes ~4 s; the selection depends only on the installed
packages (sorted file lists), never on the generation seed.
"""

import gzip
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import debian
from .roff import parse_man

# Which packages give which language. Spanish and Russian have no manpages-l10n
# package in Debian's install set we use, so they come from fortunes only.
MAN_PACKAGES = {"manpages": "en", "manpages-de": "de", "manpages-fr": "fr",
                "manpages-ja": "ja", "manpages-zh": "zh"}
CODE_PACKAGES = ["manpages-dev", "manpages"]  # C and shell from EXAMPLES sections
FORTUNE_PACKAGES = {
    "fortunes-min": "en", "fortunes": "en", "fortunes-de": "de",
    "fortunes-es": "es", "fortunes-ru": "ru", "fortunes-zh": "zh",
}
# Fortune files that are pictures made of characters, or a mix of languages.
_FORTUNE_SKIP = re.compile(r"/(art|ascii-art|asciiart|translate-me)$|/off/")
# README and copyright files: English technical and legal prose.
DOC_PACKAGES = [
    "base-files", "bash", "coreutils", "findutils", "grep", "gzip", "sed", "time",
    "man-db", "zstd", "apt", "fortune-mod",
]
DOC_README_NAMES = re.compile(r"^/usr/share/doc/[^/]+/README(\.md)?(\.gz)?$")

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXAMPLE_TITLES = re.compile(r"^(EXAMPLES?|EXAMPLE PROGRAMS?|BEISPIELE?|EXEMPLES?|例|使用例|范例|示例|範例|例子)$", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_WORD = re.compile(r"[^\W\d_]{3,15}")


@dataclass
class Section:
    title: str
    paragraphs: list[str]


@dataclass
class Page:
    """A man page or a README/copyright file: a title and sections of prose."""
    title: str
    sections: list[Section]


@dataclass
class Origin:
    """One row of the provenance table in sample_data/README.md."""
    package: str
    what: str       # human description of the files used
    lang: str
    files: int
    units: int      # pages, fortunes or snippets obtained


@dataclass
class Sources:
    pages: dict[str, list[Page]] = field(default_factory=dict)       # lang -> man pages
    fortunes: dict[str, list[str]] = field(default_factory=dict)     # lang -> fortunes
    docs: list[Page] = field(default_factory=list)                   # English README/copyright
    c_code: list[tuple[str, str]] = field(default_factory=list)      # (page name, snippet)
    shell_code: list[tuple[str, str]] = field(default_factory=list)
    vocab: dict[str, list[str]] = field(default_factory=dict)        # lang -> words
    origins: list[Origin] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)                 # packages not installed

    def prose_languages(self) -> list[str]:
        return sorted(set(self.pages) | set(self.fortunes))


def is_prose(paragraph: str) -> bool:
    """Keeps sentences, drops option tags, synopses and table rows."""
    if paragraph.startswith("-") or paragraph.count("  ") > 3:
        return False
    if _CJK.search(paragraph):
        return len(paragraph) >= 15
    return len(paragraph) >= 60 and paragraph.count(" ") >= 8


def _read_text(path: str) -> str | None:
    try:
        raw = gzip.open(path).read() if path.endswith(".gz") else Path(path).read_bytes()
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _man_files(pkg: str) -> list[str]:
    files = [f for f in debian.package_files(pkg)
             if f.startswith("/usr/share/man/") and f.endswith(".gz")]
    return sorted(f for f in files if Path(f).is_file() and not Path(f).is_symlink())


def _load_man(src: Sources, pkg: str, lang: str) -> None:
    pages, nfiles = [], 0
    for path in _man_files(pkg):
        text = _read_text(path)
        nfiles += 1
        page = parse_man(text) if text else None
        if page is None:
            continue
        sections = []
        title = page.name
        for sec in page.sections:
            if sec is page.sections[0] and sec.paragraphs:
                title = sec.paragraphs[0]  # the NAME line: "ls - list directory contents"
                continue
            prose = [p for p in sec.paragraphs if is_prose(p)]
            if prose:
                sections.append(Section(sec.title, prose))
        if sections:
            pages.append(Page(title, sections))
    src.pages.setdefault(lang, []).extend(pages)
    src.origins.append(Origin(pkg, "man pages (/usr/share/man/…, roff parsed)", lang, nfiles, len(pages)))


def _load_code(src: Sources, pkg: str) -> None:
    c_before, sh_before, nfiles = len(src.c_code), len(src.shell_code), 0
    for path in _man_files(pkg):
        text = _read_text(path)
        page = parse_man(text) if text else None
        if page is None:
            continue
        nfiles += 1
        for sec in page.sections:
            if not _EXAMPLE_TITLES.match(sec.title.strip()):
                continue
            for block in sec.code:
                if len(block) > 6000 or len(block) < 40:
                    continue
                if "#include" in block or re.search(r"\bmain\s*\(", block):
                    src.c_code.append((page.name, block))
                elif re.search(r"^\s*[$#] \S", block, re.M):
                    src.shell_code.append((page.name, block))
    src.origins.append(Origin(pkg, "C and shell blocks from EXAMPLES sections", "code", nfiles,
                              len(src.c_code) - c_before + len(src.shell_code) - sh_before))


def split_fortunes(text: str) -> list[str]:
    """Fortune files hold records separated by lines containing only '%'."""
    out = []
    for chunk in re.split(r"^%[ \t]*$", _ANSI.sub("", text), flags=re.M):
        chunk = chunk.strip("\n").rstrip()
        if chunk.strip() and "\ufffd" not in chunk and len(chunk) < 4000:
            out.append(chunk)
    return out


def _load_fortunes(src: Sources, pkg: str, lang: str) -> None:
    files = sorted(f for f in debian.package_files(pkg)
                   if f.startswith("/usr/share/games/fortunes") and Path(f).is_file()
                   and not Path(f).is_symlink() and not f.endswith((".dat", ".u8"))
                   and not _FORTUNE_SKIP.search(f))
    found = []
    for path in files:
        text = _read_text(path)
        if text:
            found.extend(split_fortunes(text))
    src.fortunes.setdefault(lang, []).extend(found)
    src.origins.append(Origin(pkg, "fortune files (/usr/share/games/fortunes…)", lang, len(files), len(found)))


def _paragraphs(text: str) -> list[str]:
    """Splits a plain-text file at blank lines, keeping line breaks inside."""
    paras = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text)]
    return [p for p in paras if p.strip()]


def _load_docs(src: Sources, pkg: str) -> None:
    files = sorted(f for f in debian.package_files(pkg)
                   if (DOC_README_NAMES.match(f) or f == f"/usr/share/doc/{pkg}/copyright")
                   and Path(f).is_file())
    if not Path(f"/usr/share/doc/{pkg}/copyright").is_file():
        return
    files = sorted(set(files) | {f"/usr/share/doc/{pkg}/copyright"})
    for path in files:
        text = _read_text(path)
        if not text:
            continue
        paras = _paragraphs(text)
        # Long files become several pages of ~12 paragraphs so that one
        # document never holds a whole 80 KB copyright file.
        for start in range(0, len(paras), 12):
            chunk = paras[start:start + 12]
            src.docs.append(Page(f"{pkg}: {Path(path).name}", [Section("", chunk)]))
    src.origins.append(Origin(pkg, "README and copyright files (/usr/share/doc/%s/)" % pkg, "en",
                              len(files), len(files)))


def _build_vocab(src: Sources) -> None:
    """Words used to replace words in near duplicates and to make short pages."""
    for lang in src.prose_languages():
        words: set[str] = set()
        texts = [p for page in src.pages.get(lang, []) for s in page.sections for p in s.paragraphs]
        texts += src.fortunes.get(lang, [])
        for text in texts[:20000]:
            words.update(_WORD.findall(text))
        src.vocab[lang] = sorted(words)


def load(log=sys.stderr) -> Sources:
    """Reads all sources; packages that are not installed are skipped and listed."""
    src = Sources()
    for pkg, lang in MAN_PACKAGES.items():
        try:
            _load_man(src, pkg, lang)
        except debian.MissingPackage:
            src.missing.append(pkg)
    for pkg in CODE_PACKAGES:
        try:
            _load_code(src, pkg)
        except debian.MissingPackage:
            src.missing.append(pkg)
    for pkg, lang in FORTUNE_PACKAGES.items():
        try:
            _load_fortunes(src, pkg, lang)
        except debian.MissingPackage:
            src.missing.append(pkg)
    for pkg in DOC_PACKAGES:
        try:
            _load_docs(src, pkg)
        except debian.MissingPackage:
            src.missing.append(pkg)
    _build_vocab(src)
    if src.missing:
        print("warning: not installed, texts skipped (run scripts/install-deps --sample-data): "
              + " ".join(sorted(set(src.missing))), file=log)
    if not src.pages and not src.fortunes:
        raise SystemExit("error: no text sources found; run scripts/install-deps --sample-data")
    return src
