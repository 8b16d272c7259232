#pragma once
// UTF-8 helpers (std only).

#include <cstddef>
#include <string>
#include <string_view>

namespace loopdesk {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8 `s`.
size_t Utf8Length(std::string_view s);

// The longest prefix of `s` with at most `max_code_points` code points; never splits a
// character.
std::string_view Utf8Prefix(std::string_view s, size_t max_code_points);

// ASCII lower-casing; other bytes unchanged (safe on UTF-8).
std::string AsciiLower(std::string_view s);

// Trims ASCII whitespace at both ends.
std::string_view TrimAscii(std::string_view s);

}  // namespace loopdesk
