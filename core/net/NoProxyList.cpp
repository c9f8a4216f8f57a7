#include "core/net/NoProxyList.h"

#include <QRegularExpression>

namespace feeddeck::net {

namespace {

QString normalisedName(QString name)
{
    name = name.toLower();
    while (name.endsWith(u'.'))
        name.chop(1); // "example.com." is the same host
    return name;
}

// Splits "host:port", "[v6]:port", "v6" or "host" into host and port (-1 when none).
void splitPort(const QString &entry, QString &host, int &port)
{
    host = entry;
    port = -1;
    if (entry.startsWith(u'[')) {
        const qsizetype close = entry.indexOf(u']');
        if (close < 0)
            return;
        host = entry.mid(1, close - 1);
        if (entry.size() > close + 2 && entry.at(close + 1) == u':')
            port = entry.mid(close + 2).toInt();
        return;
    }
    if (entry.count(u':') == 1) { // more than one colon: a bare IPv6 address (or range)
        const qsizetype colon = entry.indexOf(u':');
        bool ok = false;
        const int number = entry.mid(colon + 1).toInt(&ok);
        if (ok) {
            host = entry.left(colon);
            port = number;
        }
    }
}

} // namespace

NoProxyList::NoProxyList(const QString &value)
{
    static const QRegularExpression kSeparators(QStringLiteral("[,\\s]+"));
    const QStringList parts = value.split(kSeparators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part == QStringLiteral("*")) {
            m_all = true;
            continue;
        }
        Entry entry;
        QString host;
        splitPort(part, host, entry.port);
        if (const qsizetype slash = host.indexOf(u'/'); slash > 0) {
            bool ok = false;
            const int length = host.mid(slash + 1).toInt(&ok);
            const QHostAddress base(host.left(slash));
            const int maxLength = base.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
            if (ok && !base.isNull() && length >= 0 && length <= maxLength) {
                entry.address = base;
                entry.prefixLength = length;
                m_entries.append(entry);
            }
            continue; // a malformed range matches nothing, as in curl
        }
        if (const QHostAddress address(host); !address.isNull()) {
            entry.address = address;
            m_entries.append(entry);
            continue;
        }
        entry.name = normalisedName(host.startsWith(u'.') ? host.mid(1) : host);
        if (!entry.name.isEmpty())
            m_entries.append(entry);
    }
}

bool NoProxyList::matches(const QString &host, int port) const
{
    if (m_all)
        return true;
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    const QHostAddress address(bare);
    const QString name = normalisedName(bare);
    for (const Entry &entry : m_entries) {
        if (entry.port >= 0 && entry.port != port)
            continue;
        if (!entry.name.isEmpty()) {
            if (address.isNull()
                && (name == entry.name || name.endsWith(QString(u'.' + entry.name))))
                return true;
        } else if (!address.isNull()) {
            if (entry.prefixLength < 0 ? address.isEqual(entry.address, QHostAddress::ConvertV4MappedToIPv4)
                                       : address.isInSubnet(entry.address, entry.prefixLength))
                return true;
        }
    }
    return false;
}

} // namespace feeddeck::net
