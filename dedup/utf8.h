// dedup's name for the shared decoder (src/text/utf8.h): one UTF-8 decoder in winnow.
#pragma once

#include "src/text/utf8.h"

namespace winnow::dedup {
using winnow::next_code_point;
using winnow::previous_code_point;
using winnow::valid_utf8_sequence_length;
}  // namespace winnow::dedup
