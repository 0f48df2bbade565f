"""Writes one JSONL shard, plain or compressed, byte-for-byte reproducibly.

The encoding is chosen by the file name: .jsonl.zst (the zstd CLI, fed
through a pipe so compression runs on a second core while Python generates),
.jsonl.gz (gzip with mtime 0 and no file name in the header, so reruns give
identical bytes) or .jsonl.
"""

import gzip
import shutil
import subprocess
from pathlib import Path


class ShardWriter:
    def __init__(self, path: Path, zstd_level: int = 3, gzip_level: int = 9):
        self.path = path
        self.raw = open(path, "wb")
        self.proc = None
        if path.name.endswith(".zst"):
            if shutil.which("zstd") is None:
                raise SystemExit("error: the zstd command is missing (apt-get install zstd)")
            self.proc = subprocess.Popen(
                ["zstd", "-q", f"-{zstd_level}", "--no-progress", "-c"],
                stdin=subprocess.PIPE, stdout=self.raw, bufsize=1 << 20)
            self.out = self.proc.stdin
        elif path.name.endswith(".gz"):
            self.out = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw,
                                     compresslevel=gzip_level, mtime=0)
        else:
            self.out = self.raw
        self.pending_eol = b""   # terminator of the previous line, written lazily
        self.bytes = 0           # uncompressed bytes, terminators included
        self.lines = 0

    def write(self, line: bytes, eol: bytes = b"\n") -> int:
        """Writes one line; returns its 1-based line number."""
        self.out.write(self.pending_eol + line)
        self.bytes += len(self.pending_eol) + len(line)
        self.pending_eol = eol
        self.lines += 1
        return self.lines

    def close(self, final_newline: bool = True) -> None:
        """Finishes the file; final_newline=False leaves the last line unterminated."""
        if final_newline:
            self.out.write(self.pending_eol)
            self.bytes += len(self.pending_eol)
        self.out.close()
        if self.proc is not None:
            if self.proc.wait() != 0:
                raise SystemExit(f"error: zstd failed while writing {self.path}")
        self.raw.close()

    def compressed_bytes(self) -> int:
        return self.path.stat().st_size
