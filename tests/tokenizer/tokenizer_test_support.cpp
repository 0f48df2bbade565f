#include "tokenizer_test_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tokenizer/rank_file.h"

namespace winnow::tokenizer::testing {

std::string test_data_dir() {
  const char* env = std::getenv("WINNOW_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return WINNOW_TOKENIZER_DATA_DIR;
}

const Encoding& test_encoding(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Encoding>, std::less<>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(name);
  if (it == cache.end()) {
    try {
      it = cache.emplace(std::string(name), std::make_unique<Encoding>(Encoding::load(name, test_data_dir())))
               .first;
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) +
                               "\n(the tokenizer tests need the rank files: run scripts/fetch-tokenizer-data)");
    }
  }
  return *it->second;
}


namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::vector<std::uint32_t> parse_id_array(const std::string& line) {
  std::vector<std::uint32_t> ids;
  std::size_t p = line.find('[');
  if (p == std::string::npos) throw std::runtime_error("reference output line is not a JSON array: " + line);
  ++p;
  while (p < line.size() && line[p] != ']') {
    if (line[p] == ',' || line[p] == ' ') {
      ++p;
      continue;
    }
    std::size_t used = 0;
    ids.push_back(static_cast<std::uint32_t>(std::stoul(line.substr(p), &used)));
    p += used;
  }
  return ids;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<std::vector<std::uint32_t>> reference_encode(std::string_view encoding,
                                                         const std::vector<std::string>& texts) {
  TempDir dir;
  const auto in = dir.path() / "in.jsonl";
  const auto out = dir.path() / "out.jsonl";
  const auto err = dir.path() / "err.txt";
  {
    std::ofstream f(in, std::ios::binary);
    for (const auto& t : texts) f << json_string(t) << '\n';
  }
  const std::string script = std::string(WINNOW_SOURCE_DIR) + "/tests/tokenizer/reference/encode.mjs";
  const std::string cmd = "WINNOW_DATA_DIR=" + shell_quote(test_data_dir()) + " node " + shell_quote(script) +
                          " " + std::string(encoding) + " " + shell_quote(in.string()) + " " +
                          shell_quote(out.string()) + " 2> " + shell_quote(err.string());
  const int rc = std::system(cmd.c_str());
  if (rc != 0) {
    std::string stderr_text;
    try {
      stderr_text = read_whole_file(err.string());
    } catch (const std::exception&) {
    }
    throw std::runtime_error("reference encoder failed (exit status " + std::to_string(rc) + ") running:\n  " + cmd +
                             "\n" + stderr_text +
                             "\nIs node installed, and has scripts/fetch-tokenizer-data been run?");
  }
  std::ifstream f(out, std::ios::binary);
  std::vector<std::vector<std::uint32_t>> result;
  std::string line;
  while (std::getline(f, line)) {
    if (!line.empty()) result.push_back(parse_id_array(line));
  }
  if (result.size() != texts.size()) {
    throw std::runtime_error("reference encoder returned " + std::to_string(result.size()) + " results for " +
                             std::to_string(texts.size()) + " texts");
  }
  return result;
}

std::string gpt2_tokenizer_json(const std::string& flags) {
  static std::mutex mu;
  static TempDir dir;
  static std::map<std::string, std::string> made;
  std::lock_guard lock(mu);
  if (auto it = made.find(flags); it != made.end()) return it->second;
  const std::string out = (dir.path() / ("gpt2-" + std::to_string(made.size()) + ".tokenizer.json")).string();
  const std::string script = std::string(WINNOW_SOURCE_DIR) + "/tests/tokenizer/make_gpt2_tokenizer_json.py";
  const std::string cmd = "python3 " + shell_quote(script) + " " + shell_quote(test_data_dir() + "/r50k_base.tiktoken") +
                          " " + shell_quote(out) + " " + flags;
  if (std::system(cmd.c_str()) != 0) {
    throw std::runtime_error("could not make the GPT-2 tokenizer.json: " + cmd +
                             "\n(it needs python3 and the rank files of scripts/fetch-tokenizer-data)");
  }
  return made.emplace(flags, out).first->second;
}

std::string fetched_tokenizer_json(std::string_view name) {
  const std::string path = test_data_dir() + "/hf/" + std::string(name);
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error(path + " is missing: run scripts/fetch-tokenizer-data");
  }
  return path;
}

const Encoding& test_tokenizer_json(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Encoding>> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(path);
  if (it == cache.end()) {
    it = cache.emplace(path, std::make_unique<Encoding>(Encoding::load_tokenizer_json(path))).first;
  }
  return *it->second;
}

std::vector<std::string> exactness_corpus() {
  std::vector<std::string> c = {
      // English prose
      "The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times.",
      "Hello, world! How's it going? I'm fine; you're late, we've won, they'll see, he'd go.",
      // contractions in any case, and near-contractions
      "DON'T YOU'LL I'M WE'VE THEY'RE SHE'S HE'D it'S you'Ll we'Re I'M 'S 'LL 'Re 's'll're",
      "'tis rock'n'roll ''s '' 'x 're' 'lL 'VE 'D 'M 'T",
      "Straße'ſ ſo 'ſ K (Kelvin) Å",
      // code
      "int main(int argc, char** argv) {\n    for (int i = 0; i < argc; ++i) {\n        printf(\"%s\\n\", argv[i]);\n    }\n    return 0;\n}\n",
      "def f(x):\n\treturn x ** 2  # square\n\n\nclass A:\n    pass\r\n",
      "https://example.com/path/to/page?q=1&r=2#frag // comment /* block */ a/b/c ///",
      "{\"key\": [1, 2, 3], \"nested\": {\"a\": null, \"b\": true}}",
      // Chinese, Japanese, Korean
      "我们今天去北京大学参观了图书馆，然后吃了烤鸭。中华人民共和国成立于1949年。",
      "日本語のテキストです。カタカナとひらがな、そして漢字が混ざっています。東京は大きい。",
      "한국어 문장입니다. 안녕하세요!",
      // Arabic, Hebrew, Hindi, Thai
      "مرحبا بالعالم! هذا نص عربي مع أرقام ١٢٣٤٥ و 67890.",
      "שלום עולם, זה טקסט בעברית.",
      "नमस्ते दुनिया। यह हिंदी का एक वाक्य है, जिसमें मात्राएँ हैं।",
      "สวัสดีครับ นี่คือภาษาไทย",
      // Cyrillic, Greek, accented Latin
      "Привет, мир! Съешь же ещё этих мягких французских булок.",
      "Καλημέρα κόσμε ΑΒΓΔ αβγδ",
      "Ça va? Élève, naïve café, Œuvre, ǅemal ǈ ǋ",
      // emoji with ZWJ sequences and skin tones, flags
      "👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇫🇷🇯🇵 😀😃😄 ❤️ 👩🏿‍💻",
      // combining marks
      "e\xCC\x81 a\xCC\x80\xCC\x81 n\xCC\x83o \xCC\x81x 1\xCC\x81 A\xCC\x8A Z\xCD\x91\xCD\x97\xCC\xB6",
      "\xCC\x81\xCC\x81 \xCC\x81" "ABC \xCC\x81" "abc ABC\xCC\x81 ABC\xCC\x81" "def",
      // unusual white space: NBSP, U+2028, U+2029, U+3000, NEL, BOM, thin space
      "a\xC2\xA0" "b \xC2\xA0 c\xC2\xA0\xC2\xA0word",
      "line\xE2\x80\xA8sep\xE2\x80\xA9para \xE2\x80\xA8 x",
      "全角\xE3\x80\x80スペース\xE3\x80\x80\xE3\x80\x80二つ",
      "nel\xC2\x85next \xC2\x85\xC2\x85 x",
      "\xEF\xBB\xBF" "BOM at start, and\xEF\xBB\xBFinside",
      "thin\xE2\x80\x89space\xE2\x80\xAFnarrow",
      // CRLF and runs of spaces / newlines
      "line one\r\nline two\r\n\r\nline four\r\n",
      "a\n\nb\n\n\n\nc   \n   d\t\t\te \t \n \t f",
      "   leading spaces",
      "trailing spaces   ",
      "          ten spaces then word",
      "\n\n\n",
      " \n ",
      "x \r\n\r\n y",
      // digit runs
      "1 12 123 1234 12345 123456 1234567 3.14159 1,000,000 0x1F 2024-01-01",
      "²³ ½ ¾ Ⅻ ⅻ ① ٣٤٥ ０１２３ १२३",
      // punctuation
      "!!! ??? ... --- *** ((( ))) <<<>>> @@@ ### $$$ %%% ^^^ &&& ||| ~~~",
      "<|endoftext|> is plain text here <|fim_prefix|>",
      "a/b//c/// \n/\r\n/ ,/\n",
      // mixed
      "Mixing English, 中文, العربية, हिन्दी and emoji 🎉 in one line!",
      "CamelCaseWord HTTPServer getHTTPResponseCode iPhone McDonald'S",
      "",
      " ",
      "a",
      "'",
  };
  // 10 KB of one character, several kinds of character
  c.push_back(std::string(10240, 'a'));
  c.push_back(std::string(10240, ' '));
  c.push_back(std::string(10240, '\n'));
  c.push_back(std::string(10240, '!'));
  c.push_back(std::string(10240, '7'));
  std::string e_acute;
  for (int i = 0; i < 5120; ++i) e_acute += "\xC3\xA9";
  c.push_back(e_acute);
  std::string han;
  for (int i = 0; i < 3414; ++i) han += "\xE4\xB8\xAD";
  c.push_back(han);
  return c;
}

std::vector<std::string> random_strings(std::uint64_t seed, std::size_t n) {
  // Each class is a list of small strings; a random string concatenates 1-40 draws.
  static const std::vector<std::vector<std::string>> classes = {
      {"a", "b", "z", "the", "word", "Hello", "HTTP", "x", "Q", "ing"},                 // ASCII letters
      {"0", "1", "7", "42", "2024", "9999"},                                              // ASCII digits
      {" ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "   "},                          // ASCII space
      {".", ",", "!", "?", "'", "\"", "/", "-", "(", ")", "{", "}", "#", "@", "_", ";"},  // punctuation
      {"'s", "'S", "'t", "'re", "'RE", "'Re", "'ve", "'m", "'ll", "'LL", "'lL", "'d", "'D", "'\xC5\xBF"},
      {"中", "文", "字", "北京", "の", "カ", "タ", "한", "글"},                            // CJK
      {"م", "ر", "ح", "ب", "١", "٢"},                                                      // Arabic
      {"न", "म", "स", "\xE0\xA5\x8D", "\xE0\xA4\xBE", "\xE0\xA5\x87", "१"},                // Devanagari + marks
      {"👍", "🏽", "\xE2\x80\x8D", "👨", "👩", "❤", "\xEF\xB8\x8F", "🇫", "🇷"},             // emoji, ZWJ, VS16
      {"\xCC\x81", "\xCC\x80", "\xCD\x97", "\xE2\x83\x9D"},                                // combining marks
      {"\xC2\xA0", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE3\x80\x80", "\xC2\x85", "\xEF\xBB\xBF",
       "\xE2\x80\x89", "\x0B", "\x0C"},                                                    // odd space, BOM
      {"É", "é", "ß", "Ω", "ω", "ǅ", "ʰ", "Ж", "ж", "ſ", "ª"},                            // Lu Ll Lt Lm Lo
      {"²", "½", "Ⅻ", "①", "０"},                                                         // other numbers
      {"€", "©", "→", "∑", "—", "…", "«", "»"},                                            // symbols
  };
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t draws = 1 + rng() % 40;
    // Bias each string toward a few classes so runs of one class (and their edges) are common.
    const std::size_t focus_a = rng() % classes.size(), focus_b = rng() % classes.size();
    std::string s;
    for (std::size_t d = 0; d < draws; ++d) {
      const std::size_t r = rng() % 4;
      const auto& cls = r == 0 ? classes[focus_a] : r == 1 ? classes[focus_b] : classes[rng() % classes.size()];
      s += cls[rng() % cls.size()];
    }
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
std::string utf8_of(std::uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | cp >> 6);
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | cp >> 12);
    s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}
}  // namespace

std::vector<std::string> random_character_strings(const RankTable& ranks, std::uint64_t seed, std::size_t n) {
  std::vector<std::string> single;  // characters of two or three bytes that are one token
  for (std::uint32_t t = 0; t < ranks.rank_limit(); ++t) {
    const std::string_view b = ranks.bytes_of(t);
    const auto b0 = b.empty() ? 0u : static_cast<unsigned char>(b[0]);
    const bool two = b.size() == 2 && b0 >= 0xC2 && b0 < 0xE0 && (static_cast<unsigned char>(b[1]) & 0xC0) == 0x80;
    const bool three = b.size() == 3 && b0 >= 0xE0 && b0 < 0xF0 && (static_cast<unsigned char>(b[1]) & 0xC0) == 0x80 &&
                       (static_cast<unsigned char>(b[2]) & 0xC0) == 0x80;
    if (!two && !three) continue;
    const std::string s(b);
    if (three && (b0 == 0xE0 && static_cast<unsigned char>(b[1]) < 0xA0)) continue;  // overlong
    if (three && (b0 == 0xED && static_cast<unsigned char>(b[1]) >= 0xA0)) continue;  // surrogate
    single.push_back(s);
  }
  struct Block {
    std::uint32_t first, last;
  };
  static const Block blocks[] = {{0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x3040, 0x30FF}, {0x0400, 0x04FF}, {0x3000, 0x303F}};
  static const char* const ascii[] = {" ", " ", "a", "the", "x", ".", ",", "1", "\n", "!", "'s"};
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t draws = 1 + rng() % 60;
    std::string s;
    for (std::size_t d = 0; d < draws; ++d) {
      const std::size_t r = rng() % 8;
      if (r < 4 && !single.empty()) {
        s += single[rng() % single.size()];
      } else if (r < 7) {
        const Block& b = blocks[rng() % std::size(blocks)];
        s += utf8_of(b.first + static_cast<std::uint32_t>(rng() % (b.last - b.first + 1)));
      } else {
        s += ascii[rng() % std::size(ascii)];
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string escape_for_message(std::string_view bytes) {
  std::ostringstream o;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      o << static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      o << buf;
    }
  }
  return o.str();
}

}  // namespace winnow::tokenizer::testing
