#include "NatsTestClient.h"

#include <QDeadlineTimer>
#include <QHostAddress>

namespace feeddeck::testing {

namespace nats = codec::nats;

bool NatsTestClient::connectTo(quint16 port, QString *error, const nats::ConnectOptions &options)
{
    m_reader.reset();
    m_messages.clear();
    m_errors.clear();
    m_pongs = 0;
    m_info = {};
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(5000)) {
        *error = QStringLiteral("cannot connect to 127.0.0.1:%1: %2").arg(port).arg(m_socket.errorString());
        return false;
    }
    const QDeadlineTimer deadline(5000);
    while (m_info.serverId.isEmpty()) {
        if (deadline.hasExpired() || !readAvailable(int(deadline.remainingTime()))) {
            *error = QStringLiteral("no INFO from 127.0.0.1:%1").arg(port);
            return false;
        }
    }
    nats::ConnectOptions connect = options;
    if (connect.name.isEmpty())
        connect.name = QStringLiteral("feeddeck test client");
    m_socket.write(nats::connectCommand(connect));
    if (!flush()) {
        *error = QStringLiteral("CONNECT to 127.0.0.1:%1 got no PONG (%2)").arg(port).arg(m_errors.join(u"; "));
        return false;
    }
    return true;
}

void NatsTestClient::close()
{
    m_socket.abort();
}

void NatsTestClient::publish(const QByteArray &subject, const QByteArray &payload)
{
    QByteArray out;
    nats::appendPub(out, subject, payload);
    m_socket.write(out);
}

void NatsTestClient::subscribe(const QByteArray &pattern)
{
    QByteArray out;
    nats::appendSub(out, pattern, QByteArray::number(++m_lastSid));
    m_socket.write(out);
}

std::optional<QByteArray> NatsTestClient::request(const QByteArray &subject, const QByteArray &payload, int timeoutMs)
{
    const QByteArray inbox = "_INBOX.test." + QByteArray::number(++m_lastSid);
    QByteArray out;
    nats::appendSub(out, inbox, QByteArray::number(m_lastSid));
    nats::appendPub(out, subject, payload, inbox);
    m_socket.write(out);
    const QDeadlineTimer deadline(timeoutMs);
    for (qsizetype seen = 0;; ) {
        for (; seen < m_messages.size(); ++seen)
            if (m_messages.at(seen).subject == inbox)
                return m_messages.takeAt(seen).payload;
        if (deadline.hasExpired() || !readAvailable(int(deadline.remainingTime())))
            return std::nullopt;
    }
}

bool NatsTestClient::flush(int timeoutMs)
{
    const int wanted = m_pongs + 1;
    m_socket.write(nats::kPing.toByteArray());
    const QDeadlineTimer deadline(timeoutMs);
    while (m_pongs < wanted) {
        if (deadline.hasExpired() || !readAvailable(int(deadline.remainingTime())))
            return false;
    }
    return true;
}

bool NatsTestClient::waitForMessages(qsizetype count, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_messages.size() < count) {
        if (deadline.hasExpired() || !readAvailable(int(deadline.remainingTime())))
            return false;
    }
    return true;
}

bool NatsTestClient::readAvailable(int timeoutMs)
{
    if (m_socket.bytesToWrite() > 0)
        m_socket.waitForBytesWritten(timeoutMs);
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs))
        return false;
    m_reader.feed(m_socket.readAll());
    nats::ServerOp op;
    for (;;) {
        const nats::ServerReader::Status status = m_reader.next(op);
        if (status == nats::ServerReader::Status::NeedMore)
            return true;
        if (status == nats::ServerReader::Status::Error) {
            m_errors.append(m_reader.error());
            return false;
        }
        switch (op.kind) {
        case nats::ServerOp::Kind::Info: {
            QString error;
            if (const std::optional<nats::ServerInfo> info = nats::parseInfo(op.text, &error))
                m_info = *info;
            break;
        }
        case nats::ServerOp::Kind::Ping:
            m_socket.write(nats::kPong.toByteArray());
            break;
        case nats::ServerOp::Kind::Pong:
            ++m_pongs;
            break;
        case nats::ServerOp::Kind::Err:
            m_errors.append(QString::fromUtf8(op.text));
            break;
        case nats::ServerOp::Kind::Msg:
        case nats::ServerOp::Kind::HMsg:
            m_messages.append({op.subject.toByteArray(), op.payload.toByteArray()});
            break;
        case nats::ServerOp::Kind::Ok:
            break;
        }
    }
}

} // namespace feeddeck::testing
