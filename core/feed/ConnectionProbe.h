#pragma once

#include "core/feed/FeedConnection.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace feeddeck::feed {

// What "Test connection" found out about a feed's settings before they are saved.
struct ProbeReport
{
    bool opened = false;         // the WebSocket handshake succeeded
    qint64 openedAfterMs = -1;   // from the start of the test to the open socket
    quint64 messages = 0;
    quint64 updates = 0;         // values decoded from the messages
    quint64 ignored = 0;
    quint64 badMessages = 0;
    QString error;               // why it failed, in plain words; empty when it worked
    QStringList problems;        // what the codec or the server complained about
    QStringList recentMessages;  // raw text of the last few messages, oldest first
    QMap<QString, QString> rejectedSymbols;

    // Opened and at least one value arrived: the settings work as they are.
    [[nodiscard]] bool ok() const { return opened && updates > 0 && error.isEmpty(); }
};

// One trial connection with a feed's settings: connects once (no retries), subscribes,
// and reports after the first few messages, a failure, or a time limit. Lives on the
// network thread like the feeds it tests.
class ConnectionProbe : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        int timeoutMs = 8000;
        quint64 wantedMessages = FeedConnection::kRecentMessages;
    };

    ConnectionProbe(const workspace::FeedConfig &config, std::unique_ptr<codec::FeedCodec> codec,
                    const QUrl &connectUrl, Limits limits, QObject *parent = nullptr);
    ~ConnectionProbe() override;

    void start();

signals:
    void finished(const feeddeck::feed::ProbeReport &report);

private:
    void check();
    void finish(const QString &error);

    FeedConnection m_connection;
    Limits m_limits;
    ProbeReport m_report;
    QElapsedTimer m_clock;
    QTimer m_poll;
    bool m_done = false;
};

} // namespace feeddeck::feed

Q_DECLARE_METATYPE(feeddeck::feed::ProbeReport)
