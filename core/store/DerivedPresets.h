#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace feeddeck::store {

// A derived series offered by name, so a chart panel can add "mid" or "spread" of a symbol
// without the user typing a formula. Its expression is plain text in the same language as a
// user's own (Expression::parse(expression, inputs)), so presets need no code of their own.
struct DerivedPreset
{
    QString name;        // "mid"
    QString expression;  // "(bid + ask) / 2"
    QStringList inputs;  // the canonical fields it reads, bound under their own names
    QString description; // one line for a menu or tooltip
};

// Every preset, in menu order: mid, spread.
[[nodiscard]] QList<DerivedPreset> derivedPresets();
// The preset of that name, if there is one.
[[nodiscard]] std::optional<DerivedPreset> derivedPreset(QStringView name);

} // namespace feeddeck::store
