#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

// How messages about a JSON document (the workspace file, a feed's JSON mapping) name what
// they speak of: the type of a value, text echoed from the file, the path of a member. The
// workspace parser and the mapping use these, so that their messages read alike.
namespace feeddeck::codec {

// "null", "a boolean", "a number", "a string", "an array", "an object"; "nothing" when absent.
[[nodiscard]] QString jsonTypeName(const QJsonValue &value);

// Any JSON value as compact text; QJsonDocument alone only writes arrays and objects.
[[nodiscard]] QByteArray compactJson(const QJsonValue &value);

// Untrusted text for a message: as a JSON string, cut with "..." after 60 characters (never
// between the halves of a surrogate pair), so that it stays readable and on one line.
[[nodiscard]] QString quotedText(const QString &text);

// The path of a member: "match.type"; a key that is not a plain name is quoted,
// match["meta.kind"]. An empty parent gives the key alone.
[[nodiscard]] QString childPath(const QString &parent, const QString &key);

// The path of an array item: "feeds[2]".
[[nodiscard]] QString indexPath(const QString &parent, qsizetype index);

} // namespace feeddeck::codec
