#include "core/workspace/UrlTemplate.h"

#include "core/workspace/EnvExpansion.h"

#include <QRegularExpression>

namespace feeddeck::workspace {

namespace {

const QRegularExpression &referencePattern()
{
    static const QRegularExpression kReference(QStringLiteral("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)\\}"));
    return kReference;
}

const QRegularExpression &encodedPattern()
{
    static const QRegularExpression kEncoded(QStringLiteral("%24%7Benv%3A([A-Za-z_][A-Za-z0-9_]*)%7D"),
                                             QRegularExpression::CaseInsensitiveOption);
    return kEncoded;
}

} // namespace

QUrl urlFromTemplate(const QString &text)
{
    QString encoded = text;
    encoded.replace(referencePattern(), QStringLiteral("%24%7Benv%3A\\1%7D"));
    return QUrl(encoded, QUrl::StrictMode);
}

QString templateText(const QUrl &url)
{
    QString text = url.toString(QUrl::FullyEncoded);
    text.replace(encodedPattern(), QStringLiteral("${env:\\1}"));
    return text;
}

bool hasEnvReference(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded).contains(encodedPattern());
}

UrlExpansion expandUrl(const QUrl &url)
{
    if (!hasEnvReference(url))
        return {.url = url, .missing = {}, .values = {}};
    const ExpandResult expanded = expandEnv(templateText(url));
    return {.url = QUrl(expanded.value, QUrl::TolerantMode), .missing = expanded.missing, .values = expanded.values};
}

} // namespace feeddeck::workspace
