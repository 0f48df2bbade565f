// Which of C4's phrase rules a line triggers, found in one pass over the line (filters/c4_quality.h, steps 5-8).
//
// C4 asks of each line that reaches its phrase rules: does line.lower() contain "lorem ipsum", "javascript",
// one of the six policy phrases, and does the line contain "{". Answering that with one memmem per phrase cost
// ~30 instructions per byte of those lines (glibc's memmem sets up a 256-byte shift table per call, and a line
// is short), 5% of the four English families. Here one SSE2 pass over the line compares every 16 bytes with
// each phrase's first and last letter (either case, by OR 0x20: exact for letters) and with "{"; only where a
// phrase's two letters both match is the phrase compared in full. Lowercasing is ASCII-only, as Python's
// lower() is for these phrases, except the KELVIN SIGN (U+212A, lowercased to "k"): a line holding one (the pass
// sees it too) is lowercased and searched phrase by phrase instead.
#pragma once

#include <string_view>

namespace winnow::filters {

struct C4Phrases {
  bool lorem_ipsum = false;
  bool javascript = false;
  bool curly_bracket = false;  // "{"
  bool policy = false;         // terms of use, privacy policy, cookie policy, uses cookies, use of cookies, use cookies
};

// The answers for line.lower() (Python) and, for "{", the line itself.
C4Phrases find_c4_phrases(std::string_view line);

}  // namespace winnow::filters
