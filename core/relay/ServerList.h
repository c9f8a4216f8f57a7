#pragma once

#include <QList>
#include <QStringList>
#include <QUrl>

namespace feeddeck::relay {

// The NATS servers a relay may use: the one it was given, then the other nodes its cluster
// names in INFO's connect_urls. After each failure the next one is tried, round the list.
class ServerList
{
public:
    // A cluster names a few nodes; the bound keeps a confused server from growing the list.
    static constexpr qsizetype kMaxServers = 32;

    explicit ServerList(QUrl given);

    [[nodiscard]] const QUrl &current() const { return m_urls.at(m_current); }
    // After a failure: the next server (the given one again after the last).
    const QUrl &advance();
    // Adds the "host:port" entries not yet known, with the given URL's scheme (nats or tls).
    // The given server always stays.
    void learn(const QStringList &connectUrls);

    [[nodiscard]] const QList<QUrl> &urls() const noexcept { return m_urls; }
    [[nodiscard]] qsizetype size() const noexcept { return m_urls.size(); }

private:
    QList<QUrl> m_urls;
    qsizetype m_current = 0;
};

} // namespace feeddeck::relay
