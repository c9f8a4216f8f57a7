#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace feeddeck::net {

// The hosts a no_proxy / NO_PROXY value exempts from the proxy, read the way curl reads it:
// entries separated by commas or spaces; "*" alone matches every host; a name matches itself
// and its subdomains ("example.com" and ".example.com" both match api.example.com, never
// notexample.com); an IPv4 or IPv6 address matches that address, a CIDR range ("10.0.0.0/8",
// "fd00::/8") every address in it. Beyond curl, an entry may name a port ("example.com:8443",
// "[::1]:9000"), and then matches that port only. Names are compared without case.
class NoProxyList
{
public:
    explicit NoProxyList(const QString &value);

    [[nodiscard]] bool matches(const QString &host, int port) const;
    [[nodiscard]] bool isEmpty() const noexcept { return m_entries.isEmpty() && !m_all; }

private:
    struct Entry
    {
        QString name;               // a lower-case host name (no leading dot), or empty for an address
        QHostAddress address;       // an address or the base of a range
        int prefixLength = -1;      // -1: the exact address
        int port = -1;              // -1: any port
    };

    bool m_all = false;
    QList<Entry> m_entries;
};

} // namespace feeddeck::net
