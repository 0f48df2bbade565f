// The stage on documents built in memory: what check() decides and what it writes into the reject.
#include <doctest/doctest.h>

#include <deque>

#include "dedup/minhash_deduplicator.h"
#include "dedup/s_curve.h"
#include "dedup_test_support.h"

namespace {

using namespace winnow::dedup;
using winnow::Document;
using winnow::Verdict;

struct Fixture {
  std::vector<std::string> records;  // owned: Document::record views into them
  Verdict run(MinHashDeduplicator& dedup, const std::string& id, const std::string& text,
              const std::string& extra_json = "", const std::string& source = "in") {
    records.push_back("{\"id\":\"" + id + "\"" + extra_json + "}");
    sources.push_back(source);
    Document doc;
    doc.reset(records.back(), sources.back(), records.size());
    doc.id = id;
    doc.text = text;
    dedup.prepare(doc);
    return dedup.check(doc);
  }
  std::deque<std::string> sources;
};

// 150 distinct made-up words (no digits: numbers all normalize to "0"), with "thousand" in the middle.
std::string long_text() {
  std::string text;
  for (int i = 0; i < 150; ++i) {
    std::string word;
    for (int n = i + 700; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
    text += (i == 0 ? "" : " ") + (i == 75 ? std::string("thousand") : word);
  }
  return text;
}
const std::string kText = long_text();

}  // namespace

TEST_CASE("exact duplicates after whitespace normalization name the first document and its cluster") {
  DedupConfig config;
  MinHashDeduplicator dedup(config);
  Fixture f;
  CHECK(f.run(dedup, "a", kText).kept);
  CHECK(f.run(dedup, "b", "something else entirely, long enough to have a few shingles in it").kept);
  const Verdict verdict = f.run(dedup, "c", "  " + kText + "\n");
  CHECK_FALSE(verdict.kept);
  CHECK(verdict.reason == "exact_duplicate");
  CHECK(verdict.fields == "\"duplicate_of\":\"a\",\"cluster\":0");
}

TEST_CASE("a near duplicate shares a band with an earlier kept document") {
  DedupConfig config;
  config.exact = false;
  MinHashDeduplicator dedup(config);
  Fixture f;
  CHECK(f.run(dedup, "first", kText).kept);
  std::string edited = kText;
  edited.replace(edited.find("thousand"), 8, "million");
  const Verdict verdict = f.run(dedup, "second", edited);
  REQUIRE_FALSE(verdict.kept);
  CHECK(verdict.reason == "near_duplicate");
  CHECK(verdict.fields.rfind("\"duplicate_of\":\"first\",\"cluster\":0,\"bands_matched\":", 0) == 0);
  // Unrelated text is kept; only kept documents are indexed.
  CHECK(f.run(dedup, "third", "A completely different page about gardening, tomatoes and the summer rain.").kept);
  CHECK(dedup.kept_documents() == 2);
}

TEST_CASE("verification by estimated similarity rejects weak candidates") {
  DedupConfig config;
  config.exact = false;
  config.verify = Verification::signature;
  config.verify_threshold = 0.99;  // stricter than the edit below
  MinHashDeduplicator dedup(config);
  Fixture f;
  CHECK(f.run(dedup, "first", kText).kept);
  std::string edited = kText;
  edited.replace(edited.find("thousand"), 8, "million");
  CHECK(f.run(dedup, "second", edited).kept);
  config.verify_threshold = 0.5;
  MinHashDeduplicator lenient(config);
  Fixture g;
  CHECK(g.run(lenient, "first", kText).kept);
  const Verdict verdict = g.run(lenient, "second", edited);
  REQUIRE_FALSE(verdict.kept);
  CHECK(verdict.fields.find("\"estimated_similarity\":0.") != std::string::npos);
}

TEST_CASE("URL dedup compares the field's value and scope separates inputs or field values") {
  DedupConfig config;
  config.exact = false;
  config.near = false;
  config.url_field = "url";
  MinHashDeduplicator by_url(config);
  Fixture f;
  CHECK(f.run(by_url, "a", "one", ",\"url\":\"https://example.com/x\"").kept);
  CHECK(f.run(by_url, "b", "two", ",\"url\":\"https://example.com/y\"").kept);
  CHECK(f.run(by_url, "c", "three", ",\"url\":null").kept);
  CHECK(f.run(by_url, "d", "four").kept);
  CHECK(f.run(by_url, "e", "five", ",\"url\":\"https://example.com/x\"").reason == "url_duplicate");

  DedupConfig scoped;
  scoped.scope = Scope::field;
  scoped.scope_field = "dump";
  MinHashDeduplicator per_dump(scoped);
  Fixture g;
  CHECK(g.run(per_dump, "a", kText, ",\"dump\":\"CC-1\"").kept);
  CHECK(g.run(per_dump, "b", kText, ",\"dump\":\"CC-2\"").kept);
  CHECK_FALSE(g.run(per_dump, "c", kText, ",\"dump\":\"CC-2\"").kept);

  DedupConfig per_input_config;
  per_input_config.scope = Scope::input;
  MinHashDeduplicator per_input(per_input_config);
  Fixture h;
  CHECK(h.run(per_input, "a", kText, "", "web-00").kept);
  CHECK(h.run(per_input, "b", kText, "", "web-01").kept);
  CHECK_FALSE(h.run(per_input, "c", kText, "", "web-01").kept);
}

TEST_CASE("documents with fewer words than the n-gram length have no signature and are only exact-deduplicated") {
  DedupConfig config;
  MinHashDeduplicator dedup(config);
  Fixture f;
  CHECK(f.run(dedup, "a", "four words only here").kept);
  CHECK(f.run(dedup, "b", "four words only there").kept);
  CHECK(f.run(dedup, "c", "four words only here").reason == "exact_duplicate");
}

TEST_CASE("the S-curve is 1 - (1 - s^r)^b") {
  CHECK(lsh_probability(0.8, 14, 8) == doctest::Approx(0.9235).epsilon(0.001));
  CHECK(lsh_probability(0.5, 14, 8) == doctest::Approx(0.0533).epsilon(0.01));
  CHECK(lsh_threshold(14, 8) == doctest::Approx(0.719).epsilon(0.001));
}
