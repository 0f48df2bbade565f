// Helpers for the dedup tests: the Python reference, corpora, signatures computed the way the stage does.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dedup/minhash.h"

namespace winnow::dedup::test {

// Runs tests/dedup/reference/minhash_reference.py with `arguments` on `input` (its stdin); returns stdout.
// Fails the test when Python exits non-zero.
std::string run_reference(const std::string& arguments, const std::string& input);

// id -> text of every record in the given JSONL(.zst) files (parsed with simdjson).
std::map<std::string, std::string> texts_by_id(const std::vector<std::string>& files);

// The set of shingle hashes of `text` under `settings` (sorted, unique), and Jaccard similarity of two sets.
std::vector<std::uint64_t> shingle_set(const std::string& text, const MinHashSettings& settings);
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// Every file below DIR/kept and DIR/rejects, by path relative to DIR, with its bytes (to compare two runs' outputs).
std::map<std::string, std::string> shard_files(const std::string& dir);

// Deterministic pseudo-random text of `words` words drawn from a mixed-script vocabulary.
std::string random_text(std::uint64_t seed, std::size_t words);

}  // namespace winnow::dedup::test
