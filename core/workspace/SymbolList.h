#pragma once

#include <QString>
#include <QStringList>

namespace feeddeck::workspace {

// The result of adding typed or pasted text to a feed's subscription list.
struct SymbolListEdit
{
    QStringList symbols;   // the whole list after the edit, in order
    QStringList added;     // what the text added
    QStringList skipped;   // already in the list (or twice in the text)
    QStringList problems;  // one line per symbol that could not be added, saying why
};

// Splits `text` on commas, semicolons, spaces, tabs and line breaks (so a column pasted
// from a spreadsheet works), trims each piece and appends the new ones to `existing`.
// Symbols longer than kMaxSymbolLength, with control characters, or beyond
// kMaxSymbolsPerFeed are refused with a reason.
[[nodiscard]] SymbolListEdit addSymbols(const QStringList &existing, const QString &text);

} // namespace feeddeck::workspace
