#pragma once

#include <QString>

namespace feeddeck::data {

// Whether two field names are the same. Codecs share their field name strings, so most
// matches are the same buffer and cost no character comparison.
[[nodiscard]] inline bool sameFieldName(const QString &a, const QString &b) noexcept
{
    return a.size() == b.size() && (a.constData() == b.constData() || a == b);
}

} // namespace feeddeck::data
