// Pre-tokenization: splitting text into the pieces that BPE then encodes one by one, exactly as
// tiktoken's regex (run with find_iter, i.e. leftmost-first, non-overlapping) splits it.
//
// The patterns reproduced, as the reference npm tiktoken@1.0.22 ships them (L = \p{L},
// N = \p{N}, \s = White_Space; see unicode_categories.h):
//
//   r50k_base (gpt2):
//     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   cl100k_base:
//     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*
//     |\s*[\r\n]+|\s+(?!\S)|\s+
//   o200k_base (U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}],
//               C = (?i:'s|'t|'re|'ve|'m|'ll|'d)):
//     [^\r\n\p{L}\p{N}]?U*W+C?|[^\r\n\p{L}\p{N}]?U+W*C?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*
//     |\s*[\r\n]+|\s+(?!\S)|\s+
//
// No regex engine runs: each pattern is a hand-written scanner over code points that returns the
// end of the match a backtracking engine would find (pretokenizer.cpp derives each branch). Cost
// is linear in the piece length except in o200k's U*W+ branch, which may rescan a run of U letters
// once more (still linear overall).
//
// Details that follow from the patterns and are easy to get wrong:
//  - (?i) folds with Unicode simple case folding, so U+017F LATIN SMALL LETTER LONG S counts as
//    's' in "'s" (cl100k, o200k); r50k's contractions are case-sensitive.
//  - \s+(?!\S) leaves the last white-space character of a run to the next piece (" " + " word"),
//    except at the end of the text.
//  - Marks (\p{M}) are neither L nor N: in r50k/cl100k a mark is punctuation-like; in o200k it
//    joins letters.
// Input bytes that are not valid UTF-8 are taken one byte at a time as a character that is none
// of L, N, M, \s (so they group like punctuation); the bytes still reach BPE unchanged, so
// encode/decode round-trips any byte string. (The reference, fed through JavaScript strings, can
// only ever see valid UTF-8.)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace winnow::tokenizer {

enum class PretokenizePattern { kR50k, kCl100k, kO200k };

// The end (byte offset, > begin) of the piece that starts at begin. Requires begin < text.size().
// The first piece starts at 0, each next one where the previous ended; together they cover text.
std::size_t piece_end(PretokenizePattern pattern, std::string_view text, std::size_t begin);

// All pieces of text, in order (convenience for tests and tools).
std::vector<std::string_view> split_pieces(PretokenizePattern pattern, std::string_view text);

// The regex a pattern reproduces, written exactly as npm tiktoken@1.0.22 and the HuggingFace
// tokenizer.json files of these encodings write it (the forms quoted above, \p{...} classes spelled
// out for o200k). HF's ByteLevel pre-tokenizer with use_regex uses the r50k one.
std::string_view pattern_regex(PretokenizePattern pattern);

// The pattern whose regex is exactly regex, character for character; nullopt for any other regex
// (winnow runs no regex engine, so an unknown pattern cannot be honoured and must be refused).
std::optional<PretokenizePattern> pattern_for_regex(std::string_view regex);

}  // namespace winnow::tokenizer
