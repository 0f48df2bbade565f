"""Turns man(7) roff source into plain text sections.

We parse roff ourselves instead of calling `man | col -b` because that costs
~0.15 s per page (too slow to read a thousand pages on every corpus build) and
its output depends on the installed groff version and terminal width; parsing
the source gives the same text on every Debian machine with the same packages.

Only the man(7) macro package is handled; pages written with mdoc(7)
(BSD `.Dd`/`.Sh` macros) and `.so` redirections are skipped by the caller
(parse_man returns None). The goal is readable prose, not a faithful
typesetter: fonts, spacing and layout requests are dropped.
"""

import re
from dataclasses import dataclass, field

# \(xx and \[xxx] special characters that occur in the pages we read; anything
# else is dropped (it is almost always a typographic symbol).
_SPECIAL_CHARS = {
    "em": "—", "en": "–", "hy": "-", "mi": "-", "lq": "“", "rq": "”", "oq": "‘",
    "cq": "’", "aq": "'", "dq": '"', "bu": "•", "co": "©", "rg": "®", "tm": "™",
    "de": "°", "mu": "×", "di": "÷", "+-": "±", "<=": "≤", ">=": "≥", "!=": "≠",
    "->": "→", "<-": "←", "fo": "«", "fc": "»", "Fo": "«", "Fc": "»", "ti": "~",
    "ha": "^", "rs": "\\", "sl": "/", "ba": "|", "or": "|", "lh": "☜", "rh": "☞",
    "ga": "`", "aa": "´", "ss": "ß", ":a": "ä", ":o": "ö", ":u": "ü", ":A": "Ä",
    ":O": "Ö", ":U": "Ü", "'e": "é", "`e": "è", "'a": "á", "`a": "à", "^e": "ê",
    ",c": "ç", "~n": "ñ", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "sh": "#",
    "Do": "$", "at": "@", "pc": "·", "sc": "§", "ps": "¶", "dg": "†", "OK": "✓",
}
# Predefined strings (\*(xx, \*[xx]) set up by man(7) and common preambles.
_STRINGS = {"R": "®", "Tm": "™", "lq": "“", "rq": "”", "S": "", "HF": ""}

# One alternation over every escape form we understand, so one regex pass per
# line removes or translates them all.
_ESCAPE = re.compile(
    r"""\\(?:
        f(?:\[[^\]]*\]|\(..|.)          # font change: \fB \f(CW \f[I]
      | s[+-]?(?:\d|\(\d\d|\[\d+\])      # point size
      | \((?P<sc2>..)                    # special char \(xx
      | \[(?P<scn>[^\]]*)\]              # special char \[xxx]
      | \*(?:\((?P<st2>..)|\[(?P<stn>[^\]]*)\]|(?P<st1>.))   # string
      | n(?:\(..|\[[^\]]*\]|.)           # number register
      | [hvwoDlLbxXNZ](?P<q>['|]).*?(?P=q)  # requests with a delimited argument
      | k.                               # mark horizontal position
      | (?P<ch>.)                        # any other one-character escape
    )""",
    re.VERBOSE,
)

_ONE_CHAR = {
    "-": "-", "e": "\\", "\\": "\\", ".": ".", "'": "'", "`": "`", " ": " ",
    "~": " ", "0": " ", "t": "\t", "&": "", ",": "", "/": "", "|": "", "^": "",
    ":": "", "%": "", "c": "", "p": "", "!": "", "{": "", "}": "", "a": "",
    "d": "", "u": "", "r": "", "E": "", "z": "",
}


def _expand(m: re.Match) -> str:
    if m.group("sc2") is not None:
        return _SPECIAL_CHARS.get(m.group("sc2"), "")
    if m.group("scn") is not None:
        name = m.group("scn")
        if name.startswith("u") and re.fullmatch(r"u[0-9A-Fa-f]{4,6}", name):
            return chr(int(name[1:], 16))
        return _SPECIAL_CHARS.get(name, "")
    for g in ("st2", "stn", "st1"):
        if m.group(g) is not None:
            return _STRINGS.get(m.group(g), "")
    ch = m.group("ch")
    if ch is not None:
        return _ONE_CHAR.get(ch, ch)
    return ""


def unescape(line: str) -> str:
    """Applies roff escapes to one line of text; `\\"` starts a comment."""
    cut = line.find('\\"')
    if cut >= 0:
        line = line[:cut]
    return _ESCAPE.sub(_expand, line)


_ARG = re.compile(r'"((?:[^"]|"")*)"?|([^\s"]+)')


def _split_args(rest: str) -> list[str]:
    """Splits macro arguments the way roff does: by blanks, honouring "quotes"
    (a doubled "" inside quotes is a literal quote)."""
    return [q.replace('""', '"') if q is not None and word is None else word
            for q, word in ((m.group(1), m.group(2)) for m in _ARG.finditer(rest))]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)  # filled text, one string each
    code: list[str] = field(default_factory=list)        # no-fill blocks, newlines kept


@dataclass
class ManPage:
    name: str           # e.g. "ls(1)"
    sections: list[Section]


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Fills lines into one paragraph; a break between two CJK characters needs no space."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (_CJK.match(line[0]) and _CJK.match(out[-1])):
            out += " "
        out += line
    return out


# Macros whose arguments are text in alternating fonts, joined without spaces.
_ALTERNATING = {"BR", "RB", "BI", "IB", "IR", "RI"}
# Macros whose arguments are text joined with spaces.
_FONT = {"B", "I", "SM", "SB", "UR", "MT"}
# Requests/macros that end the current paragraph.
_BREAK = {"PP", "LP", "P", "TP", "IP", "HP", "sp", "br", "RS", "RE", "TQ", "in",
          "ti", "bp", "ne", "UE", "ME", "SY", "YS", "OP", "PD"}


def parse_man(source: str) -> ManPage | None:
    """Parses man(7) source; returns None for mdoc pages and .so links."""
    lines = source.split("\n")
    head = "\n".join(lines[:60])
    if re.search(r"^\.(Dd|Sh|so)\b", head, re.M):
        return None
    name = "?"
    sections: list[Section] = []
    sec: Section | None = None
    para: list[str] = []
    code: list[str] | None = None    # not None while inside .nf/.EX
    pending_title = False            # `.SH` alone: the title is on the next line
    skipping_until = None            # inside .TS/.TE tables or .de definitions
    bullet_next = False              # `.IP \(bu`: prefix the paragraph with a bullet

    def flush() -> None:
        nonlocal para, bullet_next
        if sec is not None and para:
            text = join_lines(para)
            if text:
                sec.paragraphs.append(("• " if bullet_next else "") + text)
        para = []
        bullet_next = False

    for raw in lines:
        if skipping_until is not None:
            if raw.startswith(skipping_until):
                skipping_until = None
            continue
        if raw.startswith(('.\\"', "'\\\"", '.\\\\"')) or raw == ".":
            continue
        if raw[:1] in (".", "'") and len(raw) > 1:
            parts = raw[1:].lstrip().split(None, 1)
            macro = parts[0] if parts else ""
            rest = parts[1] if len(parts) > 1 else ""
            if macro in ("TS", "de", "ig"):
                skipping_until = {"TS": ".TE", "de": "..", "ig": ".."}[macro]
                continue
            if macro == "TH":
                args = _split_args(unescape(rest))
                if len(args) >= 2:
                    name = f"{args[0].lower()}({args[1]})"
                continue
            if macro in ("SH", "SS"):
                if code is not None and sec is not None:
                    sec.code.append("\n".join(code))
                    code = None
                flush()
                title = " ".join(_split_args(unescape(rest)))
                sec = Section(title)
                sections.append(sec)
                pending_title = not title
                continue
            if macro in ("nf", "EX"):
                flush()
                code = []
                continue
            if macro in ("fi", "EE"):
                if code is not None and sec is not None:
                    block = "\n".join(code).strip("\n")
                    if block:
                        sec.code.append(block)
                code = None
                continue
            if macro in _ALTERNATING or macro in _FONT:
                args = _split_args(rest)
                text = ("" if macro in _ALTERNATING else " ").join(unescape(a) for a in args)
                if code is not None:
                    code.append(text)
                else:
                    para.append(text)
                continue
            if macro in _BREAK:
                flush()
                if macro == "IP" and rest:
                    tag = unescape(_split_args(rest)[0]) if _split_args(rest) else ""
                    bullet_next = tag.strip() in ("•", "*", "-", "o")
                continue
            continue  # any other request: layout only, no text
        text = unescape(raw)
        if pending_title and sec is not None:
            sec.title = text.strip()
            pending_title = False
            continue
        if code is not None:
            code.append(text.rstrip())
        elif not text.strip():
            flush()
        else:
            para.append(text)
    if code is not None and sec is not None and code:
        sec.code.append("\n".join(code))
    flush()
    return ManPage(name, [s for s in sections if s.title])
