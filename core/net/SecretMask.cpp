#include "core/net/SecretMask.h"

#include <QUrl>

#include <algorithm>

namespace feeddeck::net {

QString SecretMask::maskedAddress(const QString &address)
{
    const qsizetype schemeEnd = address.indexOf(QStringLiteral("://"));
    const qsizetype authority = schemeEnd < 0 ? 0 : schemeEnd + 3;
    // The authority ends at the first '/', '?' or '#'; '@' before that ends the user info.
    qsizetype end = address.size();
    for (QChar c : {u'/', u'?', u'#'}) {
        const qsizetype at = address.indexOf(c, authority);
        if (at >= 0)
            end = std::min(end, at);
    }
    const qsizetype at = address.lastIndexOf(u'@', end - 1);
    if (at < authority)
        return address;
    const QStringView userInfo = QStringView(address).sliced(authority, at - authority);
    // The user name ends at the first ':' outside a ${env:NAME} reference.
    qsizetype colon = -1;
    int depth = 0;
    for (qsizetype i = 0; i < userInfo.size() && colon < 0; ++i) {
        if (userInfo.at(i) == u'$' && i + 1 < userInfo.size() && userInfo.at(i + 1) == u'{')
            ++depth;
        else if (userInfo.at(i) == u'}' && depth > 0)
            --depth;
        else if (userInfo.at(i) == u':' && depth == 0)
            colon = i;
    }
    if (colon < 0)
        return address; // a user name alone (or a token written as one) is not masked: see apply()
    return address.left(authority + colon + 1) + kMask.toString() + address.mid(at);
}

void SecretMask::add(const QString &secret)
{
    if (secret.size() >= kMinSecretChars && !m_secrets.contains(secret))
        m_secrets.append(secret);
    // Longest first, so a secret that contains another is hidden whole.
    std::sort(m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString SecretMask::apply(QString text) const
{
    for (const QString &secret : m_secrets) {
        text.replace(secret, kMask.toString());
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        if (encoded != secret)
            text.replace(encoded, kMask.toString());
    }
    return text;
}

} // namespace feeddeck::net
