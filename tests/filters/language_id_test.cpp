#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "filters/bad_words.h"
#include "filters/filter_factory.h"
#include "filters/language_id.h"
#include "src/error.h"
#include "src/records/json_text.h"
#include "support/test_support.h"

namespace winnow::filters {
namespace {

using test::TempDir;
using test::write_file;

// Our own sentences, a few per language (CLD2 needs more than a handful of words to be sure).
const char* const kEnglish =
    "The library opens at nine in the morning and closes late in the evening. Visitors can borrow up to ten books "
    "at a time, and the reading room on the second floor is quiet enough for long afternoons of study.";
const char* const kGerman =
    "Die Bibliothek öffnet morgens um neun Uhr und schließt erst spät am Abend. Besucher können bis zu zehn Bücher "
    "auf einmal ausleihen, und der Lesesaal im zweiten Stock ist ruhig genug für lange Nachmittage.";
const char* const kFrench =
    "La bibliothèque ouvre à neuf heures du matin et ferme tard le soir. Les visiteurs peuvent emprunter jusqu'à "
    "dix livres à la fois, et la salle de lecture du deuxième étage est assez calme pour étudier.";
const char* const kSpanish =
    "La biblioteca abre a las nueve de la mañana y cierra tarde por la noche. Los visitantes pueden llevarse hasta "
    "diez libros a la vez, y la sala de lectura del segundo piso es bastante tranquila para estudiar.";
const char* const kRussian =
    "Библиотека открывается в девять часов утра и закрывается поздно вечером. Посетители могут взять до десяти "
    "книг за один раз, а читальный зал на втором этаже достаточно тихий для долгих занятий.";
const char* const kJapanese =
    "図書館は朝九時に開き、夜遅くに閉まります。利用者は一度に十冊まで本を借りることができ、二階の閲覧室は長い午後の勉強に"
    "十分な静かさです。";
const char* const kChinese =
    "图书馆早上九点开门，晚上很晚才关门。读者一次最多可以借十本书，二楼的阅览室非常安静，适合整个下午学习。";

Document labelled(const Filter& filter, const std::string& text, Verdict* verdict = nullptr) {
  Document doc;
  doc.text = text;
  const Verdict v = filter.keep(doc);
  if (verdict) *verdict = v;
  return doc;
}

double score_of(const Document& doc) { return std::stod(doc.added_metadata.at("language_score")); }

TEST_CASE("language_id: CLD2 names the language of one-language texts with a high share") {
  const auto filter = make_language_id_filter(LanguageIdConfig{});
  const std::pair<const char*, const char*> cases[] = {{kEnglish, "en"}, {kGerman, "de"},   {kFrench, "fr"},
                                                       {kSpanish, "es"}, {kRussian, "ru"},  {kJapanese, "ja"},
                                                       {kChinese, "zh"}};
  for (const auto& [text, code] : cases) {
    const Document doc = labelled(*filter, text);
    INFO(code << " " << doc.added_metadata.at("language_score"));
    CHECK(doc.added_metadata.at("language") == json_string(code));
    CHECK(score_of(doc) >= 0.9);
    CHECK(score_of(doc) <= 1.0);
  }
}

TEST_CASE("language_id: no language found is un with score 0, dropped by the default min_score") {
  const auto filter = make_language_id_filter(LanguageIdConfig{});
  for (const char* text : {"", "12345 678 !!! ###", "   \n\t "}) {
    Verdict verdict;
    const Document doc = labelled(*filter, text, &verdict);
    CHECK(doc.added_metadata.at("language") == "\"un\"");
    CHECK(doc.added_metadata.at("language_score") == "0");
    CHECK(verdict.reason == "language_not_kept");
    CHECK(verdict.fields == "\"language\":\"un\",\"value\":0,\"min\":0.5");
  }
}

TEST_CASE("language_id: keep_languages drops other languages and names the list") {
  LanguageIdConfig config;
  config.keep_languages = {"en", "zh"};
  const auto filter = make_language_id_filter(config);
  Verdict verdict;
  labelled(*filter, kEnglish, &verdict);
  CHECK(verdict.kept);
  const Document german = labelled(*filter, kGerman, &verdict);
  CHECK_FALSE(verdict.kept);
  CHECK(verdict.reason == "language_not_kept");
  CHECK(verdict.fields == "\"language\":\"de\",\"value\":" + german.added_metadata.at("language_score") +
                              ",\"min\":0.5,\"keep\":[\"en\",\"zh\"]");
  labelled(*filter, kChinese, &verdict);
  CHECK(verdict.kept);
  // Traditional Chinese is zh-Hant for CLD2; "zh" in the list keeps it.
  const Document traditional =
      labelled(*filter, "圖書館早上九點開門，晚上很晚才關門。讀者一次最多可以借十本書，二樓的閱覽室非常安靜，適合整個下午學習。", &verdict);
  INFO(traditional.added_metadata.at("language"));
  CHECK(verdict.kept);
}

TEST_CASE("language_id: min_score compares the majority language's share") {
  const std::string mixed = std::string(kEnglish) + " " + kGerman;
  LanguageIdConfig config;
  config.min_score = 0.8;
  const auto filter = make_language_id_filter(config);
  Verdict verdict;
  const Document doc = labelled(*filter, mixed, &verdict);
  const double score = score_of(doc);
  INFO(doc.added_metadata.at("language") << " " << score);
  CHECK(score > 0.3);
  CHECK(score < 0.8);
  CHECK(verdict.reason == "language_not_kept");
  config.min_score = 0.3;
  CHECK(labelled(*make_language_id_filter(config), mixed, &verdict).added_metadata.count("language") == 1);
  CHECK(verdict.kept);
}

TEST_CASE("language_id: label_only and annotate_only label and keep everything") {
  LanguageIdConfig config;
  config.keep_languages = {"en"};
  config.label_only = true;
  Verdict verdict;
  const Document doc = labelled(*make_language_id_filter(config), kGerman, &verdict);
  CHECK(verdict.kept);
  CHECK(doc.added_metadata.at("language") == "\"de\"");
  CHECK(doc.added_metadata.count("winnow_signals") == 0);
  config.label_only = false;
  const Document annotated = labelled(*make_language_id_filter(config, true), kGerman, &verdict);
  CHECK(verdict.kept);
  CHECK(annotated.added_metadata.at("winnow_signals") ==
        "{\"language_id\":{\"language_not_kept\":" + annotated.added_metadata.at("language_score") +
            ",\"drop\":\"language_not_kept\"}}");
}

TEST_CASE("language_id: its label picks bad_words' list, config errors name the line") {
  TempDir dir;
  std::filesystem::create_directories(dir / "lists");
  write_file(dir / "lists/en.txt", "darn\n");
  write_file(dir / "lists/de.txt", "mist\n");
  const auto filters = make_filters(parse_config(
      "filters:\n  language_id: {keep_languages: [en, de], min_score: 0.6}\n  bad_words: {lists: [en, de], lists_dir: lists}\n",
      dir / "c.yaml"));
  REQUIRE(filters.size() == 2);
  auto run_both = [&](const std::string& text) {
    Document doc;
    doc.text = text;
    Verdict verdict = filters[0]->keep(doc);
    if (verdict.kept) verdict = filters[1]->keep(doc);
    return verdict;
  };
  const Verdict german = run_both(std::string(kGerman) + " So ein Mist.");
  CHECK(german.reason == "bad_words");
  CHECK(german.fields.find("\"language\":\"de\"") != std::string::npos);
  CHECK(run_both(std::string(kEnglish) + " So ein Mist.").kept);  // English document: the English list
  CHECK(run_both(kFrench).reason == "language_not_kept");
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  language_id: {min_score: 2}\n", dir / "c.yaml")),
                       doctest::Contains("c.yaml:2"), Error);
  CHECK_THROWS_WITH_AS(make_filters(parse_config("filters:\n  language_id: {keep: [en]}\n", dir / "c.yaml")),
                       doctest::Contains("keep"), Error);
}

}  // namespace
}  // namespace winnow::filters
