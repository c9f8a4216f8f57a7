#include "NatsTestClient.h"

#include "core/codec/nats/NatsSubject.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QTest>

namespace feeddeck::testing {

namespace nats = codec::nats;

namespace {
constexpr int kWaitMs = 10000;
}

NatsTestClient::NatsTestClient()
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &NatsTestClient::onReadyRead);
}

bool NatsTestClient::connectTo(quint16 port, QString *error, const nats::ConnectOptions &login,
                               const QList<QSslCertificate> &tlsCa)
{
    if (!tlsCa.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(tlsCa);
        m_socket.setSslConfiguration(tls);
        m_socket.setPeerVerifyName(QStringLiteral("127.0.0.1"));
    }
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([this] { return m_infoSeen; }, kWaitMs)) {
        *error = QStringLiteral("no INFO from 127.0.0.1:%1 (%2)").arg(port).arg(m_socket.errorString());
        return false;
    }
    if (!tlsCa.isEmpty()) {
        m_socket.startClientEncryption(); // NATS starts TLS after its INFO
        if (!QTest::qWaitFor([this] { return m_socket.isEncrypted(); }, kWaitMs)) {
            *error = QStringLiteral("no TLS with 127.0.0.1:%1 (%2)").arg(port).arg(m_socket.errorString());
            return false;
        }
    }
    nats::ConnectOptions connect = login;
    if (connect.name.isEmpty())
        connect.name = QStringLiteral("feeddeck test client");
    m_socket.write(nats::connectCommand(connect));
    if (!flush()) {
        *error = QStringLiteral("CONNECT to 127.0.0.1:%1 got no PONG (%2)").arg(port).arg(m_errors.join(u"; "));
        return false;
    }
    return true;
}

bool NatsTestClient::open(quint16 port, const nats::ConnectOptions &login, const QByteArray &subject,
                          const QList<QSslCertificate> &tlsCa)
{
    QString error;
    if (!connectTo(port, &error, login, tlsCa)) {
        qWarning().noquote() << error;
        return false;
    }
    subscribe(subject);
    return flush(); // the PONG after the SUB: the server has the subscription
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
    const auto answer = [&]() -> std::optional<qsizetype> {
        for (qsizetype i = 0; i < m_messages.size(); ++i)
            if (m_messages.at(i).subject == inbox)
                return i;
        return std::nullopt;
    };
    if (!QTest::qWaitFor([&] { return answer().has_value(); }, timeoutMs))
        return std::nullopt;
    return m_messages.takeAt(*answer()).payload;
}

bool NatsTestClient::flush(int timeoutMs)
{
    const int wanted = m_pongs + 1;
    m_socket.write(nats::kPing.data(), nats::kPing.size());
    return QTest::qWaitFor([&] { return m_pongs >= wanted; }, timeoutMs);
}

QList<NatsTestClient::Message> NatsTestClient::updates() const
{
    QList<Message> list;
    for (const Message &m : m_messages)
        if (!m.subject.endsWith(nats::kStatusToken))
            list.append(m);
    return list;
}

QList<nats::RelayedStatus> NatsTestClient::statuses(const QString &feedId) const
{
    QList<nats::RelayedStatus> list;
    for (const Message &m : m_messages) {
        const auto parts = nats::parseSubject(m.subject);
        if (parts && parts->isStatus && parts->feedId == feedId)
            if (const auto status = nats::parseStatusPayload(m.payload, nullptr))
                list.append(*status);
    }
    return list;
}

void NatsTestClient::onReadyRead()
{
    m_reader.feed(m_socket.readAll());
    nats::ServerOp op;
    for (;;) {
        const nats::ServerReader::Status status = m_reader.next(op);
        if (status == nats::ServerReader::Status::NeedMore)
            return;
        if (status == nats::ServerReader::Status::Error) {
            m_errors.append(m_reader.error());
            m_socket.abort();
            return;
        }
        switch (op.kind) {
        case nats::ServerOp::Kind::Info: {
            QString error;
            if (const std::optional<nats::ServerInfo> info = nats::parseInfo(op.text, &error))
                m_info = *info;
            m_infoSeen = true;
            break;
        }
        case nats::ServerOp::Kind::Ping:
            m_socket.write(nats::kPong.data(), nats::kPong.size());
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
