#include "core/relay/NatsPublisher.h"


#include <QDateTime>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <vector>

namespace feeddeck::relay {

Q_LOGGING_CATEGORY(lcRelay, "feeddeck.relay", QtInfoMsg)

namespace {

// A connection that stayed up this long starts the backoff from the beginning again.
constexpr qint64 kStableMs = 10000;
// INFO can list a large cluster; nothing else a publisher reads is long.
constexpr qsizetype kMaxControlLine = 64 * 1024;
constexpr qsizetype kMaxServerPayload = 64 * 1024; // only the answers to our few requests
constexpr QByteArrayView kInboxSid = "1";

} // namespace

NatsPublisher::NatsPublisher(const RelayOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_servers(options.natsUrl)
    , m_retry(options.retry)
    , m_reader(kMaxControlLine, kMaxServerPayload)
    , m_retryTimer(this)
    , m_handshakeTimer(this)
    , m_pingTimer(this)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &NatsPublisher::connectToServer);
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no answer from %1 within %2 s").arg(m_servers.current().toString()).arg(
            m_options.handshakeTimeoutMs / 1000.0));
    });
    connect(&m_pingTimer, &QTimer::timeout, this, &NatsPublisher::onPingTick);
    m_inbox = "_INBOX." + QByteArray::number(QRandomGenerator::system()->generate64(), 36) + '.';
}

NatsPublisher::~NatsPublisher()
{
    stop();
}

void NatsPublisher::start()
{
    if (m_state == State::Stopped)
        connectToServer();
}

void NatsPublisher::stop()
{
    m_requests.clear(); // nobody waits for answers after the end
    m_retryTimer.stop();
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->flush();
        m_socket->disconnectFromHost();
        delete m_socket.data();
    }
    m_state = State::Stopped;
}

qint64 NatsPublisher::backlog() const
{
    if (!m_socket)
        return 0;
    qint64 pending = m_socket->bytesToWrite();
    if (m_tls)
        pending += static_cast<QSslSocket *>(m_socket.data())->encryptedBytesToWrite();
    return pending;
}

void NatsPublisher::write(QByteArrayView bytes)
{
    if (m_state != State::Connected || bytes.isEmpty())
        return;
    m_socket->write(bytes.data(), bytes.size());
    m_bytesSent += quint64(bytes.size());
}

void NatsPublisher::request(QByteArrayView subject, QByteArrayView payload, ReplyHandler done)
{
    if (m_state != State::Connected) {
        done(Reply{});
        return;
    }
    const QByteArray token = QByteArray::number(++m_lastToken);
    m_requests.insert(token, PendingRequest{.done = std::move(done), .sentMs = QDateTime::currentMSecsSinceEpoch()});
    QByteArray out;
    codec::nats::appendPub(out, subject, payload, m_inbox + token);
    write(out);
}

void NatsPublisher::onReply(const codec::nats::ServerOp &op)
{
    if (op.sid != kInboxSid || !op.subject.startsWith(m_inbox))
        return;
    const auto it = m_requests.find(op.subject.sliced(m_inbox.size()).toByteArray());
    if (it == m_requests.end())
        return; // answered too late
    const ReplyHandler done = std::move(it->done);
    m_requests.erase(it);
    done(Reply{.answered = true, .noResponders = codec::nats::isNoResponders(op), .payload = op.payload.toByteArray()});
}

void NatsPublisher::endRequests(qint64 olderThanMs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<ReplyHandler> ended;
    for (auto it = m_requests.begin(); it != m_requests.end();) {
        if (olderThanMs < 0 || now - it->sentMs > olderThanMs) {
            ended.push_back(std::move(it->done));
            it = m_requests.erase(it);
        } else {
            ++it;
        }
    }
    for (const ReplyHandler &done : ended)
        done(Reply{});
}

void NatsPublisher::connectToServer()
{
    dropSocket();
    const QUrl &url = m_servers.current();
    m_tls = url.scheme() == QLatin1String("tls");
    m_infoSeen = false;
    m_pingOutstanding = false;
    m_serverError.clear();
    m_reader.reset();
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *tls = new QSslSocket(this);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.addCaCertificates(m_options.caCertificates);
        tls->setSslConfiguration(configuration);
        tls->setPeerVerifyName(url.host());
        connect(tls, &QSslSocket::encrypted, this, &NatsPublisher::sendConnect);
        connect(tls, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            // Never ignored: a relay that publishes to an unverified server leaks the desk's data.
            fail(QStringLiteral("TLS certificate of %1 rejected: %2; name its CA with --nats-ca")
                     .arg(m_servers.current().toString(), errors.isEmpty() ? QString() : errors.constFirst().errorString()));
        });
        socket = tls;
    } else {
        socket = new QTcpSocket(this);
    }
    m_socket = socket;
    // Each socket read's publishes go out at once: without this, Nagle's algorithm holds a small
    // write until the previous one is acknowledged, which cost the desks tens of milliseconds.
    connect(socket, &QTcpSocket::connected, socket,
            [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    connect(socket, &QTcpSocket::readyRead, this, &NatsPublisher::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &NatsPublisher::drained);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        fail(QStringLiteral("%1: %2").arg(m_servers.current().toString(), socket->errorString()));
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        fail(QStringLiteral("%1 closed the connection").arg(m_servers.current().toString()));
    });
    m_state = State::Connecting;
    m_handshakeTimer.start(m_options.handshakeTimeoutMs);
    // NATS sends INFO in the clear first; TLS starts after it.
    socket->connectToHost(url.host(), quint16(url.port(kDefaultNatsPort)));
}

void NatsPublisher::onReadyRead()
{
    if (!m_socket)
        return;
    m_reader.feed(m_socket->readAll());
    codec::nats::ServerOp op;
    while (m_socket) {
        const codec::nats::ServerReader::Status status = m_reader.next(op);
        if (status == codec::nats::ServerReader::Status::NeedMore)
            return;
        if (status == codec::nats::ServerReader::Status::Error) {
            fail(QStringLiteral("NATS protocol error from %1: %2").arg(m_servers.current().toString(), m_reader.error()));
            return;
        }
        switch (op.kind) {
        case codec::nats::ServerOp::Kind::Info:
            onInfo(op.text);
            break;
        case codec::nats::ServerOp::Kind::Ping:
            m_socket->write(codec::nats::kPong.data(), codec::nats::kPong.size());
            break;
        case codec::nats::ServerOp::Kind::Pong:
            if (m_state == State::Handshaking) {
                // The PONG to the PING after CONNECT: the server took the CONNECT.
                m_handshakeTimer.stop();
                m_state = State::Connected;
                m_server = m_servers.current();
                ++m_connects;
                m_connectedFor.start();
                m_pingTimer.start(m_options.pingIntervalMs);
                qCInfo(lcRelay).noquote() << "connected to" << m_server.toString();
                emit connected();
            } else {
                m_pingOutstanding = false;
            }
            break;
        case codec::nats::ServerOp::Kind::Err:
            onServerError(op.text);
            break;
        case codec::nats::ServerOp::Kind::Msg:
        case codec::nats::ServerOp::Kind::HMsg:
            onReply(op);
            break;
        case codec::nats::ServerOp::Kind::Ok:
            break;
        }
    }
}

void NatsPublisher::onInfo(QByteArrayView json)
{
    QString error;
    const std::optional<codec::nats::ServerInfo> info = codec::nats::parseInfo(json, &error);
    if (!info) {
        fail(QStringLiteral("NATS INFO from %1 unreadable: %2").arg(m_servers.current().toString(), error));
        return;
    }
    // A later INFO (the cluster changed) updates the list and the limit.
    m_servers.learn(info->connectUrls);
    if (info->maxPayload > 0)
        m_maxPayload = info->maxPayload;
    if (m_infoSeen)
        return;
    m_jetstream = info->jetstream;
    m_infoSeen = true;
    m_state = State::Handshaking;
    if (info->tlsRequired && !m_tls) {
        fail(QStringLiteral("%1 requires TLS: use --nats tls://HOST:PORT (and --nats-ca for its CA)")
                 .arg(m_servers.current().toString()));
        return;
    }
    if (m_tls)
        static_cast<QSslSocket *>(m_socket.data())->startClientEncryption(); // CONNECT once encrypted
    else
        sendConnect();
}

void NatsPublisher::sendConnect()
{
    if (!m_socket)
        return;
    codec::nats::ConnectOptions connect;
    connect.name = m_options.clientName;
    connect.user = m_options.user;
    connect.password = m_options.password;
    connect.token = m_options.token;
    connect.headers = true; // a request nobody serves is answered with a 503 status at once
    connect.echo = false;
    QByteArray out = codec::nats::connectCommand(connect);
    codec::nats::appendSub(out, m_inbox + '*', kInboxSid);
    out.append(codec::nats::kPing.data(), codec::nats::kPing.size());
    m_socket->write(out);
}

void NatsPublisher::onServerError(QByteArrayView text)
{
    m_serverError = describeServerError(QString::fromUtf8(text.data(), text.size()));
    m_lastError = m_serverError;
    // Before CONNECT was taken every -ERR ends the attempt; later the server closes the
    // connection itself when the error is fatal (a permissions error is not).
    if (m_state != State::Connected)
        fail(m_serverError);
}

QString NatsPublisher::describeServerError(const QString &text) const
{
    const QString server = m_servers.current().toString();
    if (text.contains(QLatin1String("Authorization Violation"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("Authentication"), Qt::CaseInsensitive)) {
        QString fix;
        if (!m_options.token.isEmpty())
            fix = QStringLiteral("check --nats-token (or FEEDDECK_NATS_TOKEN)");
        else if (!m_options.user.isEmpty())
            fix = QStringLiteral("check --nats-user and --nats-password (or FEEDDECK_NATS_USER, FEEDDECK_NATS_PASSWORD)");
        else
            fix = QStringLiteral("the server needs credentials: give --nats-user and --nats-password, or --nats-token");
        return QStringLiteral("%1 refused the login (%2): %3").arg(server, text, fix);
    }
    return QStringLiteral("%1 said: %2").arg(server, text);
}

void NatsPublisher::onPingTick()
{
    if (m_state != State::Connected)
        return;
    if (m_pingOutstanding) {
        fail(QStringLiteral("%1 stopped answering (no PONG within %2 s)")
                 .arg(m_servers.current().toString())
                 .arg(m_options.pingIntervalMs / 1000.0));
        return;
    }
    m_pingOutstanding = true;
    m_socket->write(codec::nats::kPing.data(), codec::nats::kPing.size());
    // A request unanswered for a whole ping interval will not be answered (a cluster without
    // JetStream says nothing at all).
    endRequests(m_options.pingIntervalMs);
}

void NatsPublisher::fail(const QString &reason)
{
    if (m_state == State::Stopped || m_state == State::Backoff)
        return; // the same failure reported twice (error, then disconnected)
    const bool wasConnected = m_state == State::Connected;
    m_lastError = m_serverError.isEmpty() ? reason : m_serverError;
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    dropSocket();
    m_state = State::Backoff;
    if (wasConnected) {
        ++m_disconnects;
        if (m_connectedFor.elapsed() >= kStableMs)
            m_retry.reset();
    }
    const int delay = m_retry.nextDelayMs();
    m_servers.advance();
    // One line per 5 s for a server that keeps refusing, with the count of those held back.
    const QString line = m_logThrottle.pass(QStringLiteral("%1; next try: %2 (after backoff)")
                                                .arg(m_lastError, m_servers.current().toString()),
                                            QDateTime::currentMSecsSinceEpoch());
    if (!line.isEmpty())
        qCWarning(lcRelay).noquote() << line;
    m_retryTimer.start(delay);
    endRequests();
    if (wasConnected)
        emit disconnected();
}

void NatsPublisher::dropSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket.data();
    m_socket.clear();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
}

} // namespace feeddeck::relay
