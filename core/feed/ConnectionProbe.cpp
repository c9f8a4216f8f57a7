#include "core/feed/ConnectionProbe.h"

namespace feeddeck::feed {

namespace {

constexpr int kPollMs = 50; // how often the probe looks at the connection's counters

workspace::FeedConfig probeConfig(workspace::FeedConfig config)
{
    config.enabled = true;
    return config;
}

} // namespace

ConnectionProbe::ConnectionProbe(const workspace::FeedConfig &config, std::unique_ptr<codec::FeedCodec> codec,
                                 const QUrl &connectUrl, Limits limits, QObject *parent)
    : QObject(parent)
    , m_connection(probeConfig(config), std::move(codec))
    , m_limits(limits)
{
    m_connection.setConnectUrl(connectUrl);
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &ConnectionProbe::check);
    connect(&m_connection, &FeedConnection::stateChanged, this, &ConnectionProbe::check);
    connect(&m_connection, &FeedConnection::problemReported, this, [this](const QString &text) {
        if (m_report.problems.size() < 20)
            m_report.problems.append(text);
    });
}

ConnectionProbe::~ConnectionProbe() = default;

void ConnectionProbe::start()
{
    m_clock.start();
    m_poll.start();
    m_connection.start();
}

void ConnectionProbe::check()
{
    if (m_done)
        return;
    const FeedStatus &status = m_connection.status();
    if (status.counters.connects > 0 && !m_report.opened) {
        m_report.opened = true;
        m_report.openedAfterMs = m_clock.elapsed();
    }
    switch (status.state) {
    case FeedState::Backoff:
    case FeedState::Failed:
        // The first failure is the answer: a test does not wait through the retry policy.
        finish(status.lastError.isEmpty() ? QStringLiteral("the connection failed") : status.lastError);
        return;
    default:
        break;
    }
    if (status.counters.messages >= m_limits.wantedMessages) {
        finish({});
    } else if (m_clock.elapsed() >= m_limits.timeoutMs) {
        const QString seconds = QString::number(m_limits.timeoutMs / 1000.0, 'g', 3);
        if (!m_report.opened)
            finish(QStringLiteral("no answer to the WebSocket handshake within %1 s").arg(seconds));
        else if (status.counters.messages == 0)
            finish(QStringLiteral("connected, but no message arrived within %1 s; check the symbols and the "
                                  "protocol options").arg(seconds));
        else
            finish({});
    }
}

void ConnectionProbe::finish(const QString &error)
{
    m_done = true;
    m_poll.stop();
    const FeedStatus &status = m_connection.status();
    m_report.messages = status.counters.messages;
    m_report.updates = status.counters.updates;
    m_report.ignored = status.counters.ignored;
    m_report.badMessages = status.counters.badMessages;
    m_report.rejectedSymbols = status.rejectedSymbols;
    m_report.recentMessages = m_connection.recentMessages();
    m_report.error = error;
    if (error.isEmpty() && m_report.updates == 0)
        m_report.error = QStringLiteral("%1 messages arrived but none held values this feed's settings can read")
                             .arg(m_report.messages);
    m_connection.stop();
    emit finished(m_report);
}

} // namespace feeddeck::feed
