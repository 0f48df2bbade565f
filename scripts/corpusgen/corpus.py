"""The generation loop shared by make-sample-data and make-corpus.

A CorpusBuilder owns the one random stream (so output depends only on the
seed and the installed sources), writes shards line by line, inserts planned
malformed lines and keeps the statistics both scripts report.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import malformed
from .mix import Mixer
from .records import RecordMaker
from .shards import ShardWriter
from .sources import Sources


@dataclass
class ShardStats:
    file: str
    lines: int = 0
    records: int = 0            # lines holding a well-formed record
    bytes: int = 0              # uncompressed
    compressed: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line, kind)


@dataclass
class Stats:
    shards: list[ShardStats] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)   # (category, lang) -> documents
    duplicates: list[dict] = field(default_factory=list)   # ground truth rows


# Decides, before each line, whether it should be a malformed one:
# (line number, uncompressed bytes written so far) -> kind or None.
MalformedPlan = Callable[[int, int], str | None]


class CorpusBuilder:
    def __init__(self, src: Sources, seed: int):
        self.rng = random.Random(seed)
        self.mixer = Mixer(src, self.rng)
        self.maker = RecordMaker(self.rng)
        self.stats = Stats()

    def _document_line(self, doc_id: str) -> bytes:
        doc = self.mixer.next()
        line = self.maker.encode(self.maker.record(doc, doc_id))
        self.mixer.remember(doc, doc_id)
        self.stats.categories[(doc.category, doc.lang)] += 1
        if doc.original is not None:
            row = {"id": doc_id, "original_id": doc.original, "kind": doc.kind}
            if doc.kind == "near":
                row["words_changed"] = doc.words_changed
                row["edit"] = doc.edit
            row["original_category"] = doc.of_category
            self.stats.duplicates.append(row)
        return line

    def write_shard(self, path: Path, id_prefix: str, *, max_lines: int | None = None,
                    max_bytes: int | None = None, plan: MalformedPlan = lambda n, b: None,
                    final_newline: bool = True, zstd_level: int = 3,
                    gzip_level: int = 9) -> ShardStats:
        """Writes lines until max_lines or max_bytes (uncompressed) is reached."""
        stats = ShardStats(path.name)
        writer = ShardWriter(path, zstd_level=zstd_level, gzip_level=gzip_level)
        while True:
            n = writer.lines + 1
            if max_lines is not None and n > max_lines:
                break
            if max_bytes is not None and writer.bytes >= max_bytes:
                break
            doc_id = f"{id_prefix}-{n:07d}"
            kind = plan(n, writer.bytes)
            if kind is None:
                writer.write(self._document_line(doc_id))
                stats.records += 1
                continue
            # Kinds that are valid records still need a real document.
            valid = self._document_line(doc_id) if kind == "crlf" else b""
            stats.records += kind == "crlf"
            writer.write(*malformed.build(kind, doc_id, valid))
            stats.malformed.append((n, kind))
        writer.close(final_newline=final_newline)
        stats.lines, stats.bytes = writer.lines, writer.bytes
        stats.compressed = writer.compressed_bytes()
        self.stats.shards.append(stats)
        return stats
