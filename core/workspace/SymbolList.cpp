#include "core/workspace/SymbolList.h"

#include "core/workspace/WorkspaceParser.h"

#include <QRegularExpression>

#include <algorithm>

namespace feeddeck::workspace {

namespace {

bool hasControlCharacter(const QString &symbol)
{
    return std::any_of(symbol.cbegin(), symbol.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

// How a refused symbol is echoed in a message: short, and without control characters.
QString shortened(const QString &symbol)
{
    constexpr qsizetype kShown = 24;
    QString shown = symbol.size() <= kShown ? symbol : symbol.left(kShown) + QStringLiteral("...");
    for (QChar &c : shown)
        if (c.category() == QChar::Other_Control)
            c = QChar::ReplacementCharacter;
    return shown;
}

} // namespace

SymbolListEdit addSymbols(const QStringList &existing, const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    SymbolListEdit edit;
    edit.symbols = existing;
    const QStringList pieces = text.split(separators, Qt::SkipEmptyParts);
    qsizetype refusedForCount = 0;
    for (const QString &piece : pieces) {
        const QString symbol = piece.trimmed();
        if (symbol.isEmpty())
            continue;
        if (edit.symbols.contains(symbol)) {
            edit.skipped.append(symbol);
        } else if (symbol.size() > kMaxSymbolLength) {
            edit.problems.append(QStringLiteral("\"%1\" is %2 characters long; a symbol has at most %3")
                                     .arg(shortened(symbol))
                                     .arg(symbol.size())
                                     .arg(kMaxSymbolLength));
        } else if (hasControlCharacter(symbol)) {
            edit.problems.append(QStringLiteral("\"%1\" contains a control character; type the symbol again")
                                     .arg(shortened(symbol)));
        } else if (edit.symbols.size() >= kMaxSymbolsPerFeed) {
            ++refusedForCount;
        } else {
            edit.symbols.append(symbol);
            edit.added.append(symbol);
        }
    }
    if (refusedForCount > 0)
        edit.problems.append(QStringLiteral("%1 symbols were not added: a feed takes at most %2; add another feed "
                                            "for the rest")
                                 .arg(refusedForCount)
                                 .arg(kMaxSymbolsPerFeed));
    return edit;
}

} // namespace feeddeck::workspace
