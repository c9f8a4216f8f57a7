#pragma once

#include <QString>

#include <string_view>

namespace feeddeck::codec {

// A short, printable rendering of untrusted bytes for issue details, problems and logs:
// invalid UTF-8 and control or invisible characters become U+FFFD, line breaks and tabs
// become spaces, and text longer than maxChars is cut with an ellipsis.
[[nodiscard]] QString excerpt(std::string_view bytes, qsizetype maxChars);

} // namespace feeddeck::codec
