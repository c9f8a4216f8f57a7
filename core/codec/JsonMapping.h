#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::codec {

// Limits of a mapping, checked when the workspace loads, so a decoder's work per
// message stays small whatever the file says.
inline constexpr qsizetype kMaxMappingKeyPaths = 8;
inline constexpr qsizetype kMaxMappingFields = 64;
inline constexpr qsizetype kMaxMappingConditions = 32; // per match object
inline constexpr qsizetype kMaxPathSegments = 16;
inline constexpr qsizetype kMaxPathChars = 256;

// One condition of a match object: the value at `path` equals `expected`, a string,
// a number or a boolean. Types must agree: "1" does not equal 1.
struct MatchCondition
{
    QString path;
    QJsonValue expected;

    friend bool operator==(const MatchCondition &, const MatchCondition &) = default;
};

using MatchConditions = QList<MatchCondition>;

// How the server reports errors: messages matching `match` are errors; the refused
// symbol (if any) and the text are read from the given paths.
struct ErrorRule
{
    MatchConditions match;
    QString symbolPath;  // empty: errors are about the whole feed
    QString messagePath; // empty: errors carry no text FeedDeck shows

    friend bool operator==(const ErrorRule &, const ErrorRule &) = default;
};

// The "json" section of a feed with protocol "json" (DESIGN.md, "Workspace file"):
// what to send to subscribe, which messages are data, and which field paths make a
// row's symbol, time and values. A field path is dotted for nesting ("meta.kind").
// A plain value; JsonMappingCodec applies it.
struct JsonMapping
{
    // (relative JSON path such as "key[1]", what is wrong and what to do)
    using Problems = QList<QPair<QString, QString>>;

    QJsonValue subscribe;   // template; Undefined when nothing is sent
    QJsonValue unsubscribe; // template; Undefined when nothing is sent
    MatchConditions match;  // empty: every object is data
    std::optional<MatchConditions> ack; // set: matching messages confirm the subscription
    std::optional<ErrorRule> error;
    QStringList key;     // paths whose values, joined by "/", form the row symbol
    QString time;        // path of the source time; empty when messages carry none
    QStringList fields;  // paths of the numeric values; each is also the field's name

    // The mapping described by `json`, or nullopt with every problem appended to
    // *problems (when not null). Never throws.
    [[nodiscard]] static std::optional<JsonMapping> fromJson(const QJsonObject &json, Problems *problems);

    friend bool operator==(const JsonMapping &, const JsonMapping &) = default;
};

// `templ` as compact JSON with every string value that is exactly "$symbols", at any
// depth, replaced by the JSON array of `symbols`.
[[nodiscard]] QByteArray renderTemplate(const QJsonValue &templ, const QStringList &symbols);

// The segments of a dotted field path: "meta.kind" -> {"meta", "kind"}.
[[nodiscard]] QStringList pathSegments(const QString &path);

// Whether `path` is a usable field path: 1 to kMaxPathSegments non-empty segments,
// at most kMaxPathChars characters.
[[nodiscard]] bool isValidFieldPath(const QString &path);

} // namespace feeddeck::codec
