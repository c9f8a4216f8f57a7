#pragma once

#include "core/relay/NatsPublisher.h"

#include <QObject>
#include <QString>

#include <functional>

namespace feeddeck::relay {

// The JetStream stream a relay keeps its updates in, so that a desktop started later fills its
// tables and charts with what it missed (README, "Team use"). On each connection: created if
// missing, its limits brought to what the relay was told if they differ. A server without
// JetStream, or one that refuses, leaves the relay publishing live only, and says why.
class HistoryStream
{
public:
    enum class State { Off, Preparing, Ready, Unavailable };

    // maxAgeMs 0: no history (nothing is asked of the server).
    HistoryStream(QString subjectPrefix, qint64 maxAgeMs, qint64 maxBytes);

    // After each new connection; `ready` runs once the stream is there (or cannot be), maybe at once.
    void prepare(NatsPublisher &publisher, std::function<void()> ready);

    [[nodiscard]] State state() const noexcept { return m_state; }
    [[nodiscard]] const QString &name() const noexcept { return m_name; }
    [[nodiscard]] const QString &lastError() const noexcept { return m_lastError; }
    [[nodiscard]] qint64 maxAgeMs() const noexcept { return m_maxAgeMs; }
    [[nodiscard]] qint64 maxBytes() const noexcept { return m_maxBytes; }

private:
    void onAnswer(NatsPublisher &publisher, const NatsPublisher::Reply &reply, bool updating,
                  const std::function<void()> &ready);
    void unavailable(const QString &why, const std::function<void()> &ready);

    QString m_name;
    QStringList m_subjects;
    qint64 m_maxAgeMs;
    qint64 m_maxBytes;
    State m_state;
    QString m_lastError;
};

// The name of a state in the stats file: "off", "preparing", "ready", "unavailable".
[[nodiscard]] QString historyStateName(HistoryStream::State state);

} // namespace feeddeck::relay
