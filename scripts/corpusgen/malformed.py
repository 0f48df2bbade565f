"""Deliberately broken JSONL lines that a robust reader must survive.

Each kind builds the raw bytes of one line (without terminator) plus the
terminator to use. Two kinds are *valid* records that merely look unusual
(a CRLF terminator, a blank line) and must not be counted as errors.
"""

import json

# kind -> (what is wrong, what a reader should do)
KINDS = {
    "truncated_json": ("object cut off mid-string: invalid JSON", "skip, count as malformed"),
    "json_array": ("a JSON array instead of an object", "skip, count as malformed"),
    "no_text": ('object without a "text" field (text is under "body")', "skip, count as malformed"),
    "numeric_text": ('"text" is the number 12345, not a string', "skip, count as malformed"),
    "invalid_utf8": ('byte 0xE9 (Latin-1 "é") inside the "text" string: invalid UTF-8', "skip, count as malformed"),
    "single_quotes": ("Python-style single quotes: invalid JSON", "skip, count as malformed"),
    "crlf": ("valid record terminated by CRLF instead of LF", "accept; the CR is not part of the record"),
    "blank_line": ("empty line", "ignore (not a record, not an error)"),
}


def build(kind: str, doc_id: str, valid: bytes) -> tuple[bytes, bytes]:
    """Returns (line bytes, terminator). `valid` is a well-formed record line,
    used by the kinds that need one."""
    url = f"https://www.broken-records.example.org/{doc_id}"
    if kind == "truncated_json":
        return (b'{"id":"%s","text":"Dieser Datensatz wurde beim Schreiben abgeschnitten, mitten im'
                % doc_id.encode()), b"\n"
    if kind == "json_array":
        return json.dumps([doc_id, "a record written as an array", 42]).encode(), b"\n"
    if kind == "no_text":
        return json.dumps({"id": doc_id, "url": url, "dump": "CC-MAIN-2023-50", "lang_hint": "en",
                           "body": "The text of this page was stored under the wrong key."}).encode(), b"\n"
    if kind == "numeric_text":
        return json.dumps({"id": doc_id, "text": 12345, "url": url, "dump": "CC-MAIN-2023-50",
                           "lang_hint": "en"}).encode(), b"\n"
    if kind == "invalid_utf8":
        return (b'{"id":"%s","text":"Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e: this page was decoded as Latin-1.",'
                b'"url":"%s","dump":"CC-MAIN-2023-50","lang_hint":"fr"}' % (doc_id.encode(), url.encode())), b"\n"
    if kind == "single_quotes":
        return (b"{'id': '%s', 'text': 'Single quotes are Python, not JSON.', 'url': '%s'}"
                % (doc_id.encode(), url.encode())), b"\n"
    if kind == "crlf":
        return valid, b"\r\n"
    if kind == "blank_line":
        return b"", b"\n"
    raise ValueError(f"unknown malformed kind {kind!r}")
