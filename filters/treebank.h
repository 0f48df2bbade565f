// NLTK 3.8's NLTKWordTokenizer (the "improved Treebank" rules word_tokenize applies to each Punkt sentence),
// reproduced token for token.
//
// NLTK applies about thirty regular-expression substitutions to the whole sentence, one after another, then
// splits on whitespace. None of them deletes whitespace and each looks at most one character past a
// whitespace-separated chunk, so winnow applies them chunk by chunk with the neighbouring whitespace character
// as context; only the end of a sentence (where the final-period rule may span several chunks of closing
// quotes and brackets) is processed as one window. Fast paths give the rules' tokens without running them:
// chunks no rule touches (no rule character, no contraction word: cannot, gimme, gonna, gotta, lemme, wanna)
// are one token as they are; chunks without apostrophes or backticks whose rule characters only get padded
// (brackets, ; @ # $ % & * ? !, the Unicode quotes, , : . - in the shapes the rules pad) or turned into a quote
// token (") are split where the rules would split them (see punctuation_tokens), and so are apostrophe words
// ("it's") and whole contraction words ("gonna"), alone or before such punctuation. The rule engine skips the
// substitutions whose characters are absent from the window. Measured on bench/filters' English corpus
// (punctuation-dense): with the first two paths, gopher_quality alone (mostly the word split) went from 13.6 to
// 38 MB/s of CPU time.
//
// Case-insensitive rules (the contractions, the quote-letter rule) fold ASCII letters and the characters
// Python's re module also equates with them (U+017F LONG S, U+0131 DOTLESS I, U+0130, U+212A KELVIN SIGN).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filters/token_sink.h"

namespace winnow::filters {

// Appends the tokens of one sentence (text[begin, end)) to `out` as UTF-8, each followed by '\0'-free bytes
// delimited by `ends` (ends[i] is the end offset of token i in `out`). `text` is the whole document: the
// characters around the sentence are not looked at. REQUIRES: valid UTF-8; begin..end on code point boundaries.
void treebank_tokenize(std::string_view sentence, std::string& out, std::vector<std::uint32_t>& ends);
// The same into a sink made for the whole text the sentence is a view of (filters/token_sink.h): one sink for
// all of a document's sentences.
void treebank_tokenize(std::string_view sentence, TokenSink& out);

// The same tokens computed without the fast paths (every chunk through the rule engine): for tests that check
// the fast paths against the rules.
void treebank_tokenize_rules_only(std::string_view sentence, std::string& out, std::vector<std::uint32_t>& ends);

}  // namespace winnow::filters
