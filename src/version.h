#pragma once
namespace winnow {
inline constexpr const char* kWinnowVersion = "0.1.0";
}
