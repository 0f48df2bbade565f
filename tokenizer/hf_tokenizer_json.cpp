#include "tokenizer/hf_tokenizer_json.h"

#include <simdjson.h>

#include <stdexcept>
#include <unordered_map>

#include "tokenizer/byte_level.h"

namespace winnow::tokenizer {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

class Reader {
 public:
  explicit Reader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(source_ + ": " + what);
  }

  // The member `key` of obj, or nullopt when it is absent or null.
  std::optional<element> member(const object& obj, std::string_view key) const {
    element value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return value;
  }
  object object_at(const object& obj, std::string_view key, const std::string& path) const {
    object value;
    const auto m = member(obj, key);
    if (!m || m->get(value) != simdjson::SUCCESS) fail(path + " must be an object");
    return value;
  }
  std::string string_of(const element& e, const std::string& path) const {
    std::string_view s;
    if (e.get(s) != simdjson::SUCCESS) fail(path + " must be a string");
    return std::string(s);
  }
  std::string string_at(const object& obj, std::string_view key, const std::string& path) const {
    const auto m = member(obj, key);
    if (!m) fail(path + " is missing");
    return string_of(*m, path);
  }
  bool bool_at(const object& obj, std::string_view key, bool fallback, const std::string& path) const {
    const auto m = member(obj, key);
    if (!m) return fallback;
    bool b = false;
    if (m->get(b) != simdjson::SUCCESS) fail(path + " must be true or false");
    return b;
  }
  std::uint32_t id_of(const element& e, const std::string& path) const {
    std::uint64_t id = 0;
    if (e.get(id) != simdjson::SUCCESS || id >= 0xffffffffu) fail(path + " must be a token id (0..4294967294)");
    return static_cast<std::uint32_t>(id);
  }

 private:
  const std::string& source_;
};

std::vector<HfAddedToken> read_added_tokens(const Reader& r, const object& root) {
  std::vector<HfAddedToken> added;
  const auto list = r.member(root, "added_tokens");
  if (!list) return added;
  array tokens;
  if (list->get(tokens) != simdjson::SUCCESS) r.fail("added_tokens must be an array");
  for (element t : tokens) {
    object token;
    if (t.get(token) != simdjson::SUCCESS) r.fail("added_tokens holds a non-object");
    HfAddedToken a;
    a.content = r.string_at(token, "content", "added_tokens[].content");
    const auto id = r.member(token, "id");
    if (!id) r.fail("added token '" + a.content + "' has no id");
    a.id = r.id_of(*id, "added token '" + a.content + "' id");
    a.special = r.bool_at(token, "special", false, "added token '" + a.content + "' special");
    if (!a.special) {
      if (a.content.empty()) r.fail("added token with id " + std::to_string(a.id) + " has empty content");
      // HF matches a non-special added token inside text; winnow implements the exact match of its
      // content only, so the flags that widen or narrow the match are refused when set.
      for (const char* flag : {"single_word", "lstrip", "rstrip"}) {
        if (r.bool_at(token, flag, false, "added token '" + a.content + "' " + flag)) {
          r.fail("added token '" + a.content + "' (id " + std::to_string(a.id) + ") is not special and has " +
                 flag + ": true; winnow matches non-special added tokens by their exact content only and does "
                 "not implement single_word, lstrip or rstrip");
        }
      }
    }
    added.push_back(std::move(a));
  }
  return added;
}

PretokenizeStep read_split(const Reader& r, const object& split) {
  const object pattern = r.object_at(split, "pattern", "pre_tokenizer Split.pattern");
  const auto regex = r.member(pattern, "Regex");
  if (!regex) {
    r.fail("pre_tokenizer Split.pattern must be {\"Regex\": ...} with one of the known patterns (r50k/gpt2, "
           "cl100k_base, o200k_base); a plain string pattern is not supported");
  }
  const std::string text = r.string_of(*regex, "pre_tokenizer Split.pattern.Regex");
  const auto known = pattern_for_regex(text);
  if (!known) {
    r.fail("pre_tokenizer Split pattern " + text +
           " is not supported: winnow runs no regex engine, only hand-written scanners for the patterns of "
           "r50k_base/gpt2, cl100k_base and o200k_base (see tokenizer/pretokenizer.h for them, character for "
           "character)");
  }
  const std::string behavior = r.string_at(split, "behavior", "pre_tokenizer Split.behavior");
  const bool invert = r.bool_at(split, "invert", false, "pre_tokenizer Split.invert");
  if (!((behavior == "Isolated" && !invert) || (behavior == "Removed" && invert))) {
    r.fail("pre_tokenizer Split behavior " + behavior + " with invert " + (invert ? "true" : "false") +
           " is not supported (supported: Isolated with invert false, Removed with invert true)");
  }
  return PretokenizeStep{known, false};
}

std::vector<PretokenizeStep> read_pre_tokenizer(const Reader& r, const object& root) {
  const auto pre = r.member(root, "pre_tokenizer");
  if (!pre) r.fail("pre_tokenizer is null: not a byte-level BPE model (it needs a ByteLevel pre-tokenizer)");
  object top;
  if (pre->get(top) != simdjson::SUCCESS) r.fail("pre_tokenizer must be an object");
  std::vector<object> list;
  if (r.string_at(top, "type", "pre_tokenizer.type") == "Sequence") {
    const auto items = r.member(top, "pretokenizers");
    array a;
    if (!items || items->get(a) != simdjson::SUCCESS) r.fail("pre_tokenizer.pretokenizers must be an array");
    for (element e : a) {
      object o;
      if (e.get(o) != simdjson::SUCCESS) r.fail("pre_tokenizer.pretokenizers holds a non-object");
      list.push_back(o);
    }
  } else {
    list.push_back(top);
  }
  std::vector<PretokenizeStep> steps;
  bool byte_level = false;
  for (const object& o : list) {
    const std::string type = r.string_at(o, "type", "pre_tokenizer type");
    if (byte_level) r.fail("pre_tokenizer " + type + " after ByteLevel is not supported (ByteLevel must be last)");
    if (type == "Split") {
      steps.push_back(read_split(r, o));
    } else if (type == "ByteLevel") {
      byte_level = true;
      PretokenizeStep step;
      step.add_prefix_space = r.bool_at(o, "add_prefix_space", true, "pre_tokenizer ByteLevel.add_prefix_space");
      if (r.bool_at(o, "use_regex", true, "pre_tokenizer ByteLevel.use_regex")) step.split = PretokenizePattern::kR50k;
      if (step.split || step.add_prefix_space) steps.push_back(step);
    } else {
      r.fail("pre_tokenizer " + type + " is not supported (supported: ByteLevel, Split with a known pattern, "
             "Sequence of those)");
    }
  }
  if (!byte_level) r.fail("pre_tokenizer has no ByteLevel step: not a byte-level BPE model");
  return steps;
}

void check_model_options(const Reader& r, const object& model) {
  if (r.string_at(model, "type", "model.type") != "BPE") r.fail("model.type must be BPE");
  if (const auto dropout = r.member(model, "dropout")) {
    double d = 0;
    if (dropout->get(d) != simdjson::SUCCESS || d != 0.0) {
      r.fail("model.dropout is set: BPE dropout is random, training shards must be deterministic");
    }
  }
  for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    if (const auto v = r.member(model, key)) {
      if (!r.string_of(*v, std::string("model.") + key).empty()) {
        r.fail(std::string("model.") + key + " is set: not supported for byte-level BPE");
      }
    }
  }
}

}  // namespace

HfBpeModel parse_tokenizer_json(std::string_view contents, const std::string& source_name) {
  const Reader r(source_name);
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(contents);
  object root;
  if (const auto error = parser.parse(padded).get(root)) {
    r.fail(std::string("not a JSON object: ") + simdjson::error_message(error));
  }
  if (r.member(root, "normalizer")) {
    r.fail("normalizer is set: not supported (winnow encodes the text as it is; a byte-level BPE model needs none)");
  }
  HfBpeModel m;
  m.added = read_added_tokens(r, root);
  m.steps = read_pre_tokenizer(r, root);

  const object model = r.object_at(root, "model", "model");
  check_model_options(r, model);
  m.ignore_merges = r.bool_at(model, "ignore_merges", false, "model.ignore_merges");

  // Vocabulary: byte-level strings -> bytes. An entry that is an added token keeps its text (it is
  // special); any other entry must be in the byte-level alphabet.
  std::unordered_map<std::uint32_t, std::string_view> added_by_id;
  for (const auto& a : m.added) added_by_id.emplace(a.id, a.content);
  std::unordered_map<std::string_view, std::uint32_t> id_of;
  const object vocab = r.object_at(model, "vocab", "model.vocab");
  for (auto [key, value] : vocab) {
    const std::uint32_t id = r.id_of(value, "model.vocab entry '" + std::string(key) + "'");
    id_of[key] = id;
    if (const auto it = added_by_id.find(id); it != added_by_id.end() && it->second == key) continue;
    auto bytes = from_byte_level(key);
    if (!bytes) {
      r.fail("model.vocab entry '" + std::string(key) + "' (id " + std::to_string(id) +
             ") is not written in the byte-level alphabet and is not an added token: not a byte-level BPE model");
    }
    m.vocab.push_back({std::move(*bytes), id});
  }

  const auto merges_value = r.member(model, "merges");
  array merges;
  if (!merges_value || merges_value->get(merges) != simdjson::SUCCESS) r.fail("model.merges must be an array");
  std::string joined;
  for (element e : merges) {
    const std::string where = "model.merges[" + std::to_string(m.merges.size()) + "]";
    std::string_view left, right;
    std::string_view line;
    array pair;
    if (e.get(line) == simdjson::SUCCESS) {
      const auto space = line.find(' ');
      if (space == std::string_view::npos || line.find(' ', space + 1) != std::string_view::npos) {
        r.fail(where + " '" + std::string(line) + "' must be two tokens separated by one space");
      }
      left = line.substr(0, space);
      right = line.substr(space + 1);
    } else if (e.get(pair) == simdjson::SUCCESS && pair.size() == 2 && pair.at(0).get(left) == simdjson::SUCCESS &&
               pair.at(1).get(right) == simdjson::SUCCESS) {
    } else {
      r.fail(where + " must be \"A B\" or [\"A\", \"B\"]");
    }
    joined.assign(left);
    joined += right;
    const auto l = id_of.find(left), rt = id_of.find(right), j = id_of.find(joined);
    if (l == id_of.end() || rt == id_of.end() || j == id_of.end()) {
      r.fail(where + " (" + std::string(left) + " + " + std::string(right) + "): " +
             (l == id_of.end() ? std::string(left) : rt == id_of.end() ? std::string(right) : joined) +
             " is not in model.vocab");
    }
    m.merges.push_back({l->second, rt->second, j->second});
  }
  return m;
}

}  // namespace winnow::tokenizer
