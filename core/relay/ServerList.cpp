#include "core/relay/ServerList.h"

#include "core/relay/RelayOptions.h"

namespace feeddeck::relay {

namespace {

// "nats://h:p" and "nats://h:p/" are one server.
QUrl normalized(QUrl url)
{
    url.setPath(QString());
    if (url.port() < 0)
        url.setPort(kDefaultNatsPort);
    return url;
}

} // namespace

ServerList::ServerList(QUrl given)
{
    m_urls.append(normalized(std::move(given)));
}

const QUrl &ServerList::advance()
{
    m_current = (m_current + 1) % m_urls.size();
    return m_urls.at(m_current);
}

void ServerList::learn(const QStringList &connectUrls)
{
    const QString scheme = m_urls.constFirst().scheme();
    for (const QString &hostPort : connectUrls) {
        if (m_urls.size() >= kMaxServers)
            return;
        // "host:port" or "[v6]:port"; QUrl reads both after a scheme.
        const QUrl url = QUrl(scheme + QStringLiteral("://") + hostPort, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.port() <= 0)
            continue;
        const QUrl n = normalized(url);
        if (!m_urls.contains(n))
            m_urls.append(n);
    }
}

} // namespace feeddeck::relay
