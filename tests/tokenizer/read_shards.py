#!/usr/bin/env python3
"""Independent reader for the shards winnow's tokenizer writes; the ctest test
tokenizer_shards_python_reader runs it on the output of the fixture test (shard_writers_test.cpp).

Written from the format descriptions (Megatron-LM indexed_dataset.py, llm.c data_common.py),
not from the C++ code, with the standard library only (struct, array, json).

Usage: read_shards.py DIR
DIR holds one subdirectory per dataset, each with expected.json ({"format", "name",
"shard_tokens", "documents": [[ids...], ...]}) written by the test, the shards and NAME.manifest.json.
Exits 0 if every check passes, 1 with the reasons otherwise; prints 'N passed, N failed'.
"""
import array
import json
import os
import struct
import sys

MEGATRON_MAGIC = b"MMIDIDX\x00\x00"
MEGATRON_DTYPES = {8: ("H", 2, "uint16"), 4: ("i", 4, "int32")}  # code -> array type, size, name
LLMC_LAYOUTS = {20240520: (1, "H", 2, "uint16"), 20240801: (7, "I", 4, "uint32")}  # magic -> version, ...


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def read_array(typecode, data):
    a = array.array(typecode)
    expect(a.itemsize * (len(data) // a.itemsize) == len(data), "array bytes not a multiple of the item size")
    a.frombytes(data)
    if sys.byteorder != "little":
        a.byteswap()
    return list(a)


def check_manifest(d, manifest, expected, token_dtype, shard_files):
    docs = expected["documents"]
    expect(manifest["documents"] == len(docs), f"manifest documents {manifest['documents']} != {len(docs)}")
    expect(manifest["tokens"] == sum(len(x) for x in docs), "manifest tokens differ from the documents")
    expect(manifest["token_dtype"] == token_dtype, f"manifest token_dtype {manifest['token_dtype']} != {token_dtype}")
    expect(len(manifest["rank_file_sha256"]) == 64, "manifest rank_file_sha256 is not a sha256")
    expect([s["file"] for s in manifest["shards"]] == shard_files, "manifest shard list differs from the files")
    expect(sum(s["tokens"] for s in manifest["shards"]) == manifest["tokens"], "manifest shard tokens do not add up")
    expect(sum(s["documents"] for s in manifest["shards"]) == len(docs), "manifest shard documents do not add up")


def check_megatron(d, expected):
    name = expected["name"]
    docs = expected["documents"]
    with open(os.path.join(d, name + ".idx"), "rb") as f:
        idx = f.read()
    with open(os.path.join(d, name + ".bin"), "rb") as f:
        binary = f.read()
    expect(idx[:9] == MEGATRON_MAGIC, "bad .idx magic")
    (version,) = struct.unpack_from("<Q", idx, 9)
    expect(version == 1, f"version {version} != 1")
    (code,) = struct.unpack_from("<B", idx, 17)
    expect(code in MEGATRON_DTYPES, f"unknown dtype code {code}")
    typecode, size, dtype_name = MEGATRON_DTYPES[code]
    seq_count, doc_count = struct.unpack_from("<QQ", idx, 18)
    expect(seq_count == len(docs), f"sequence count {seq_count} != {len(docs)} documents")
    expect(doc_count == len(docs) + 1, f"document index count {doc_count} != documents + 1")
    off = 34
    lengths = read_array("i", idx[off:off + 4 * seq_count]); off += 4 * seq_count
    pointers = read_array("q", idx[off:off + 8 * seq_count]); off += 8 * seq_count
    doc_index = read_array("q", idx[off:off + 8 * doc_count]); off += 8 * doc_count
    expect(off == len(idx), f".idx has {len(idx) - off} trailing bytes")
    expect(doc_index == list(range(len(docs) + 1)), "document index is not 0..S (one sequence per document)")
    vocab_limit = 65500
    n_vocab = json.load(open(os.path.join(d, name + ".manifest.json")))["n_vocab"]
    expect((code == 8) == (n_vocab < vocab_limit), f"dtype code {code} wrong for n_vocab {n_vocab}")
    tokens = read_array(typecode, binary)
    expect(len(tokens) == sum(lengths), ".bin token count != sum of lengths")
    pos = 0
    for i, (length, pointer) in enumerate(zip(lengths, pointers)):
        expect(pointer == pos * size, f"sequence {i}: pointer {pointer} != {pos * size}")
        expect(tokens[pos:pos + length] == docs[i], f"sequence {i}: ids differ from document {i}")
        pos += length
    manifest = json.load(open(os.path.join(d, name + ".manifest.json")))
    expect(manifest["format"] == "megatron", "manifest format")
    check_manifest(d, manifest, expected, dtype_name, [name + ".bin"])
    expect(manifest["shards"][0]["index"] == name + ".idx", "manifest index file")


def check_llmc(d, expected):
    name, shard_tokens, docs = expected["name"], expected["shard_tokens"], expected["documents"]
    # Ordered by the shard number at the end of the name (alphabetically "train" < "val").
    files = sorted((f for f in os.listdir(d) if f.startswith(name + "_") and f.endswith(".bin")),
                   key=lambda f: f[-10:])
    expect(len(files) >= 1, "no shards")
    stream = []
    dtype_name = None
    for i, fname in enumerate(files):
        split = "val" if i == 0 else "train"
        expect(fname == f"{name}_{split}_{i:06d}.bin", f"shard {i} is named {fname}")
        with open(os.path.join(d, fname), "rb") as f:
            data = f.read()
        header = read_array("i", data[:1024])
        expect(len(header) == 256, f"{fname}: header shorter than 256 int32")
        magic, version, count = header[0], header[1], header[2]
        expect(magic in LLMC_LAYOUTS, f"{fname}: unknown magic {magic}")
        want_version, typecode, size, dtype_name = LLMC_LAYOUTS[magic]
        expect(version == want_version, f"{fname}: version {version} != {want_version}")
        expect(all(x == 0 for x in header[3:]), f"{fname}: header words 3..255 not zero")
        expect(len(data) == 1024 + count * size, f"{fname}: size {len(data)} != 1024 + {count} * {size}")
        if i < len(files) - 1:
            expect(count == shard_tokens, f"{fname}: {count} tokens, every shard but the last needs {shard_tokens}")
        else:
            expect(0 < count <= shard_tokens, f"{fname}: last shard has {count} tokens")
        stream.extend(read_array(typecode, data[1024:]))
    manifest = json.load(open(os.path.join(d, name + ".manifest.json")))
    expect(manifest["format"] == "llm.c", "manifest format")
    n_vocab = manifest["n_vocab"]
    expect((dtype_name == "uint16") == (n_vocab <= 65536), f"{dtype_name} tokens for n_vocab {n_vocab}")
    expect(stream == [t for doc in docs for t in doc], "concatenated shard tokens differ from the documents")
    # Documents are delimited by a prepended end-of-text id.
    eot = manifest["end_of_text_id"]
    expect(manifest["end_of_text"] == "prepend", "these test shards are written with prepended end-of-text")
    expect(sum(1 for t in stream if t == eot) == len(docs), "end-of-text count != documents")
    check_manifest(d, manifest, expected, dtype_name, files)
    for i, s in enumerate(manifest["shards"]):
        expect(s["split"] == ("val" if i == 0 else "train"), "manifest split")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    passed = failed = 0
    subdirs = sorted(x for x in os.listdir(root) if os.path.isfile(os.path.join(root, x, "expected.json")))
    if not subdirs:
        print(f"read_shards: no dataset with expected.json under {root}")
        return 1
    for sub in subdirs:
        d = os.path.join(root, sub)
        expected = json.load(open(os.path.join(d, "expected.json")))
        try:
            {"megatron": check_megatron, "llm.c": check_llmc}[expected["format"]](d, expected)
            print(f"ok   {sub}: {len(expected['documents'])} documents")
            passed += 1
        except (Failure, OSError, KeyError, struct.error) as e:
            print(f"FAIL {sub}: {e}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
