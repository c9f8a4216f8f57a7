#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace feeddeck::workspace {

// Derived series are charted, exported and alerted on as the series (kDerivedFeed, id,
// kDerivedField): no feed may take this id.
inline const QString kDerivedFeed = QStringLiteral("derived");
inline const QString kDerivedField = QStringLiteral("value");

// One series an expression reads, under the name the expression uses for it.
struct DerivedInput
{
    QString name {};   // "a", "bid"
    QString feed {};   // a feed id, or "<nats feed>/<upstream id>"
    QString symbol {};
    QString field = QStringLiteral("price");
    QJsonObject extra {};

    friend bool operator==(const DerivedInput &, const DerivedInput &) = default;
};

// A series computed from others (the workspace's top-level "derived"), in one of two forms:
//   {"id": "btc-mid", "preset": "mid", "feed": "cb", "symbol": "BTC-USD"}
//   {"id": "btc-eth", "expression": "a / b",
//    "inputs": {"a": {"feed": "cb", "symbol": "BTC-USD"}, "b": {"feed": "cb", "symbol": "ETH-USD"}}}
// The file keeps the form the user wrote; expressionText() and bindings() give both as one.
struct DerivedSeriesConfig
{
    QString id {};
    QString preset {};     // "mid", "spread"; empty for an expression of the user's own
    QString feed {};       // a preset's instrument
    QString symbol {};
    QString expression {}; // the user's own formula
    QList<DerivedInput> inputs {}; // its bindings, by name
    QString note {};
    QJsonObject extra {};  // unknown keys, kept

    [[nodiscard]] bool isPreset() const noexcept { return !preset.isEmpty(); }
    // The formula: the preset's, or the user's.
    [[nodiscard]] QString expressionText() const;
    // The series the formula's names stand for: a preset's fields of its symbol, or `inputs`.
    [[nodiscard]] QList<DerivedInput> bindings() const;
    // "mid of cb BTC-USD" or "a / b": one line for a legend or tooltip.
    [[nodiscard]] QString describe() const;

    friend bool operator==(const DerivedSeriesConfig &, const DerivedSeriesConfig &) = default;
};

} // namespace feeddeck::workspace
