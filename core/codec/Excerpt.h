#pragma once

#include <QString>

#include <string_view>

namespace feeddeck::codec {

// A short, printable rendering of untrusted bytes for issue details, problems and logs:
// invalid UTF-8 and control or invisible characters become U+FFFD, line breaks and tabs
// become spaces, and text longer than maxChars is cut with an ellipsis.
[[nodiscard]] QString excerpt(std::string_view bytes, qsizetype maxChars);

// Untrusted bytes that name something (a row symbol, a refused symbol) as text that is safe to
// show and to write to CSV: invalid UTF-8 and every character that is not printable (controls,
// line breaks, tabs, invisible format characters such as bidi overrides) become U+FFFD. Not cut.
[[nodiscard]] QString printable(std::string_view bytes);

} // namespace feeddeck::codec
