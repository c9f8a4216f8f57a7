#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace feeddeck::sim {

// The protocol logic of one client connection, without the socket: it answers client
// messages and produces the messages that are due on each timer tick. Client text is
// untrusted: every problem is answered with an error message, never a crash or a throw.
class SimSession
{
public:
    SimSession() = default;
    virtual ~SimSession() = default;
    SimSession(const SimSession &) = delete;
    SimSession &operator=(const SimSession &) = delete;

    // Appends the replies to one client text message (UTF-8) to `out`.
    virtual void handleText(const QByteArray &utf8, QList<QByteArray> &out) = 0;

    // Appends the messages due in a tick of `elapsedSeconds` to `out`. monotonicMs only ever grows.
    virtual void tick(qint64 monotonicMs, double elapsedSeconds, QList<QByteArray> &out) = 0;

protected:
    // Parses a client message that must be a JSON object; on failure `error` says why.
    [[nodiscard]] static bool parseObject(const QByteArray &utf8, QJsonObject &object, QString &error);
    // Reads an array of strings; false when the value is anything else.
    [[nodiscard]] static bool readTextList(const QJsonValue &value, QStringList &out);
    // Client text quoted back in a reply, cut to a readable length.
    [[nodiscard]] static QString clipped(const QString &text);
    // The error reply both simulated protocols send: {"type":"error","message":...,"reason":...}.
    [[nodiscard]] static QByteArray errorMessage(QStringView message, const QString &reason);

    // Both protocols send a heartbeat a second, as the real exchanges do.
    static constexpr qint64 kHeartbeatIntervalMs = 1000;
};

} // namespace feeddeck::sim
