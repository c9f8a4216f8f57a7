#pragma once

#include "core/codec/nats/NatsProtocol.h"
#include "core/codec/nats/NatsSubject.h"
#include "core/codec/nats/RelayPayload.h"

#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

namespace feeddeck::testing {

inline constexpr int kSubscriberWaitMs = 10000;

// A plain NATS client (a TCP socket and the protocol reader) for the relay suites: it
// subscribes and keeps every message it receives.
class NatsSubscriber : public QObject
{
public:
    struct Message
    {
        QByteArray subject;
        QByteArray payload;
    };

    // tls: the server's client port wants TLS (after its INFO, as NATS does it), verified with `ca`.
    bool open(quint16 port, const codec::nats::ConnectOptions &login = {}, const QByteArray &subject = "feeddeck.>",
              const QList<QSslCertificate> &tlsCa = {})
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, &NatsSubscriber::onReadyRead);
        if (!tlsCa.isEmpty()) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.addCaCertificates(tlsCa);
            m_socket.setSslConfiguration(tls);
            m_socket.setPeerVerifyName(QStringLiteral("127.0.0.1"));
        }
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([this] { return m_info; }, kSubscriberWaitMs))
            return false;
        if (!tlsCa.isEmpty()) {
            m_socket.startClientEncryption();
            if (!QTest::qWaitFor([this] { return m_socket.isEncrypted(); }, kSubscriberWaitMs))
                return false;
        }
        QByteArray out = codec::nats::connectCommand(login);
        codec::nats::appendSub(out, subject, "1");
        out.append(codec::nats::kPing.data(), codec::nats::kPing.size());
        m_socket.write(out);
        // The PONG after the SUB: the server has the subscription.
        return QTest::qWaitFor([this] { return m_pongs > 0; }, kSubscriberWaitMs);
    }

    QList<Message> messages;

    // The updates received, in order (not the $status reports).
    [[nodiscard]] QList<Message> updates() const
    {
        QList<Message> list;
        for (const Message &m : messages)
            if (!m.subject.endsWith(codec::nats::kStatusToken))
                list.append(m);
        return list;
    }
    [[nodiscard]] QList<codec::nats::RelayedStatus> statuses(const QString &feedId) const
    {
        QList<codec::nats::RelayedStatus> list;
        for (const Message &m : messages) {
            const auto parts = codec::nats::parseSubject(m.subject);
            if (parts && parts->isStatus && parts->feedId == feedId)
                if (const auto status = codec::nats::parseStatusPayload(m.payload, nullptr))
                    list.append(*status);
        }
        return list;
    }

private:
    void onReadyRead()
    {
        m_reader.feed(m_socket.readAll());
        codec::nats::ServerOp op;
        while (m_reader.next(op) == codec::nats::ServerReader::Status::Op) {
            if (op.kind == codec::nats::ServerOp::Kind::Info)
                m_info = true;
            else if (op.kind == codec::nats::ServerOp::Kind::Pong)
                ++m_pongs;
            else if (op.kind == codec::nats::ServerOp::Kind::Ping)
                m_socket.write(codec::nats::kPong.data(), codec::nats::kPong.size());
            else if (op.kind == codec::nats::ServerOp::Kind::Msg)
                messages.append(Message{op.subject.toByteArray(), op.payload.toByteArray()});
        }
    }

    QSslSocket m_socket; // used in the clear unless TLS is asked for
    codec::nats::ServerReader m_reader;
    bool m_info = false;
    int m_pongs = 0;
};

} // namespace feeddeck::testing
