#pragma once

#include <QString>
#include <QStringList>

namespace feeddeck::net {

// Keeps secrets out of what FeedDeck shows, logs and writes: the password of any address
// ("http://alice:****@proxy:3128", "wss://bot:****@host/"), and every value that came from
// the environment into an address or proxy, wherever it reappears (a server echoing the key,
// an error naming the URL).
class SecretMask
{
public:
    static constexpr QStringView kMask = u"****";

    // The address with the password of its user info replaced by ****; anything else as given.
    // Works on URL text with ${env:NAME} references in it too.
    [[nodiscard]] static QString maskedAddress(const QString &address);

    // Remembers a value to hide. Values shorter than kMinSecretChars are not searched for in
    // free text: they would match everywhere (they are still never shown as part of an address).
    void add(const QString &secret);
    void clear() { m_secrets.clear(); }

    // `text` with every remembered value (also in its percent-encoded form) replaced by ****.
    [[nodiscard]] QString apply(QString text) const;

    static constexpr qsizetype kMinSecretChars = 4;

private:
    QStringList m_secrets;
};

} // namespace feeddeck::net
