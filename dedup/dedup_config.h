// The `dedup:` section of pipeline.yaml: what docs/DEDUP.md documents key by key.
//
//   dedup:
//     exact: true                      # drop documents whose normalized text was seen before (exact_duplicate)
//     exact_normalization: whitespace  # none | whitespace | minhash (the word normalization of near-dup)
//     url_field: null                  # e.g. url: drop documents whose field value was seen (url_duplicate)
//     near: true                       # MinHash LSH near-duplicates (near_duplicate)
//     mode: datatrove                  # datatrove | fast (dedup/minhash.h)
//     ngram: 5                         # words per shingle
//     cjk_ngram: 5                     # fast mode: characters per shingle for CJK/Thai/... text
//     bands: 14
//     rows: 8
//     seed: 1
//     verify: none                     # none | signature (estimated Jaccard >= verify_threshold)
//     verify_threshold: 0.7
//     keep: first                      # first | longest | field (longest and field: staged mode only)
//     keep_field: quality_score        # with keep: field: the top-level number; highest wins
//     annotate_kept_clusters: false    # keep: longest|field: survivors get cluster_id and cluster_size
//     scope: source                    # source | global | input | field
//     scope_field: dump                # with scope: field
//     execution: auto                  # streaming | staged | auto (staged when --memory-limit is too small)
//     save_index: null                 # a folder: save the index there at the end (dedup/index_file.h)
//     against_index: []                # folders of saved indexes: remove duplicates of their documents
#pragma once

#include <string>
#include <vector>

#include "dedup/minhash.h"
#include "src/config/yaml_values.h"

namespace winnow::dedup {

enum class ExactNormalization { none, whitespace, minhash };
enum class Verification { none, signature };
// source: the input's source group (its directory, src/io/input_files.h); input: the input file; field: the
// value of scope_field; global: one scope.
enum class Scope { global, input, field, source };
// streaming: the in-memory index (one pass). staged: signatures to disk, external sort, a sweep, then a second
// pass applying the removals (docs/DEDUP.md, "Staged mode"). automatic: staged only when `winnow run
// --memory-limit` is below the estimated streaming memory.
enum class Execution { automatic, streaming, staged };
// first: a document is removed when it matches an earlier kept document (streaming semantics, both modes).
// longest / field: staged mode only; clusters are the connected components of the candidate graph and the
// survivor is the document with the most bytes of text / the highest keep_field value (ties: input order).
enum class KeepRule { first, longest, field };

struct DedupConfig {
  bool exact = true;
  ExactNormalization exact_normalization = ExactNormalization::whitespace;
  std::string url_field;  // empty: no URL dedup
  bool near = true;
  MinHashSettings minhash;
  Verification verify = Verification::none;
  double verify_threshold = 0.7;
  Scope scope = Scope::source;
  std::string scope_field = "dump";
  std::string save_index;                  // empty: not saved
  std::vector<std::string> against_index;  // consulted in this order, before the run's own index
  Execution execution = Execution::automatic;
  // Not a YAML key: set by make_deduplicator when the run has a tokenizer, whose prepare() fills doc.tokens
  // before check(), so the report can count tokens in and out per source at no cost.
  bool count_tokens = false;
  KeepRule keep = KeepRule::first;
  std::string keep_field = "quality_score";
  bool annotate_kept_clusters = false;
};

// The config's name of a scope ("source", "global", ...).
const char* scope_name(Scope scope);

// Reads the section. Throws Error("FILE:LINE: ...") for an unknown key or a bad value.
DedupConfig parse_dedup_config(const ConfigSection& section);

}  // namespace winnow::dedup
