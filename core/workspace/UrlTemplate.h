#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace feeddeck::workspace {

// A feed address that may hold ${env:NAME} (an API key in the query, credentials in the user
// info). The QUrl keeps each reference percent-encoded ("%24%7Benv%3ANAME%7D") so it survives
// parsing in any of those parts, the ":" inside it included; the file gets it back as written.

// The URL for `text`, references kept; invalid (as QUrl judges in strict mode) when the text is.
[[nodiscard]] QUrl urlFromTemplate(const QString &text);

// The text as the user wrote it: references as ${env:NAME}, the rest fully encoded.
[[nodiscard]] QString templateText(const QUrl &url);

// Whether `url` holds any ${env:NAME}.
[[nodiscard]] bool hasEnvReference(const QUrl &url);

struct UrlExpansion
{
    QUrl url;            // every reference replaced by its variable's value
    QStringList missing; // names not set, in order of first use
    QStringList values;  // the values put in (to mask wherever the address could be shown)
};

// Replaces the references with the environment's values, inserted as written.
[[nodiscard]] UrlExpansion expandUrl(const QUrl &url);

} // namespace feeddeck::workspace
