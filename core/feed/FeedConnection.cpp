#include "core/feed/FeedConnection.h"

#include "core/Version.h"
#include "core/data/WallClock.h"
#include "core/feed/CloseCodes.h"
#include "core/feed/Logging.h"
#include "core/net/ProxyResolver.h"
#include "core/net/SystemProxy.h"
#include "core/workspace/EnvExpansion.h"
#include "core/workspace/UrlTemplate.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

#include <algorithm>
#include <cstring>
#include <variant>

namespace feeddeck::feed {

namespace {

RetryPolicy::Params retryParams(const workspace::FeedConfig &config)
{
    return {.initialMs = config.reconnect.initialMs, .maxMs = config.reconnect.maxMs, .floorMs = 100};
}

quint64 seedFor(const ConnectionTiming &timing)
{
    return timing.retrySeed != 0 ? timing.retrySeed : quint64(std::random_device{}()) << 32 ^ std::random_device{}();
}

const QString kTlsRejected = QStringLiteral("TLS certificate rejected: ");

// After stale_after_ms of silence the client pings and waits this much longer before giving up.
int pingGraceMs(int staleAfterMs)
{
    return std::min(staleAfterMs / 2, 5000);
}

// The certificates of a feed's "ca_file", or what is wrong with it in words for the user.
std::variant<QList<QSslCertificate>, QString> readCaFile(const QString &path)
{
    constexpr qint64 kMaxCaFileBytes = 1024 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read ca_file \"%1\": %2; fix the path in the workspace").arg(path, file.errorString());
    if (file.size() > kMaxCaFileBytes)
        return QStringLiteral("ca_file \"%1\" is larger than 1 MiB; name a PEM file with the CA certificate").arg(path);
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return QStringLiteral("ca_file \"%1\" holds no PEM certificate; name the CA's certificate "
                              "(\"-----BEGIN CERTIFICATE-----\")").arg(path);
    return certificates;
}

} // namespace

FeedConnection::FeedConnection(workspace::FeedConfig config, std::unique_ptr<codec::FeedCodec> codec,
                               ConnectionTiming timing, std::shared_ptr<ws::TransportFactory> transports,
                               QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_codec(std::move(codec))
    , m_timing(timing)
    , m_transports(transports ? std::move(transports) : std::make_shared<ws::NetworkTransportFactory>())
    , m_retry(retryParams(m_config), seedFor(timing))
    , m_connectUrl(m_config.url)
    , m_binary(m_config.payload, m_config.maxMessageBytes)
{
    m_status.id = m_config.id;
    m_status.name = m_config.displayName();
    m_status.stateSinceMs = data::nowMs();
    m_clock.start();

    m_handshakeTimer.setSingleShot(true);
    m_handshakeTimer.setTimerType(Qt::PreciseTimer); // "no reply within N ms" must not fire before N ms
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::PreciseTimer); // the floor is a promise: a coarse timer may fire 5% early
    m_stableTimer.setSingleShot(true);
    // Check silence a few times per stale period; a timer restarted per message would cost more than the message.
    m_livenessTimer.setInterval(std::clamp(m_config.staleAfterMs / 4, 20, 1000));

    connect(&m_handshakeTimer, &QTimer::timeout, this, &FeedConnection::onHandshakeTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &FeedConnection::openSocket);
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_retry.reset(); });
    connect(&m_livenessTimer, &QTimer::timeout, this, &FeedConnection::onLivenessTick);
    m_pingTimer.setInterval(m_config.pingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, &FeedConnection::onPingTimer);
}

FeedConnection::~FeedConnection()
{
    if (m_socket)
        m_socket->abort();
}

void FeedConnection::start()
{
    if (m_status.state != FeedState::Disabled && m_status.state != FeedState::Failed)
        return;
    m_retry.reset();
    openSocket();
}

void FeedConnection::stop()
{
    m_retryTimer.stop();
    m_handshakeTimer.stop();
    m_stableTimer.stop();
    m_livenessTimer.stop();
    m_pingTimer.stop();
    const bool wasOpen = socketOpen();
    if (m_socket) {
        m_socket->close(ws::kCloseNormal, QStringLiteral("feed disabled"));
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (wasOpen) {
        ++m_status.counters.disconnects;
        emit connectionLost(data::nowMs());
    }
    m_status.retryAtMs = -1;
    setState(FeedState::Disabled);
}

void FeedConnection::setSymbols(const QStringList &symbols)
{
    QStringList unique;
    for (const QString &s : symbols)
        if (!s.isEmpty() && !unique.contains(s))
            unique.append(s);

    QStringList added;
    QStringList removed;
    for (const QString &s : unique)
        if (!m_config.symbols.contains(s))
            added.append(s);
    for (const QString &s : std::as_const(m_config.symbols))
        if (!unique.contains(s))
            removed.append(s);
    m_config.symbols = unique;
    for (const QString &s : std::as_const(removed))
        m_status.rejectedSymbols.remove(s);

    if (!socketOpen())
        return; // applied on the next open: every open subscribes the full set
    if (!removed.isEmpty())
        sendFrames(m_codec->unsubscribeMessages(removed));
    if (!added.isEmpty())
        sendFrames(m_codec->subscribeMessages(added));
}

QStringList FeedConnection::activeSymbols() const
{
    QStringList active;
    for (const QString &s : m_config.symbols)
        if (!m_status.rejectedSymbols.contains(m_codec->displaySymbol(s)) && !m_status.rejectedSymbols.contains(s))
            active.append(s);
    return active;
}

bool FeedConnection::socketOpen() const noexcept
{
    return m_status.state == FeedState::Subscribing || m_status.state == FeedState::Live
        || m_status.state == FeedState::Stale;
}

void FeedConnection::openSocket()
{
    m_status.retryAtMs = -1;
    const QString scheme = m_connectUrl.scheme();
    if (!m_connectUrl.isValid() || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        fail(QStringLiteral("cannot connect to \"%1\": not a ws:// or wss:// URL")
                 .arg(net::SecretMask::maskedAddress(workspace::templateText(m_config.url))));
        return;
    }

    ws::TransportOptions options;
    options.maxMessageBytes = m_config.maxMessageBytes;
    for (const QString &name : std::as_const(m_config.subprotocols))
        options.subprotocols.append(name.toLatin1()); // tokens: ASCII, checked by the workspace parser
    options.userAgent = QByteArray("FeedDeck/") + kVersion;
    if (!prepareRoute(options))
        return;
    options.offerDeflate = m_config.compression == workspace::Compression::Auto;
    for (const auto &[name, value] : std::as_const(m_config.headers)) {
        const workspace::ExpandResult expanded = workspace::expandEnv(value);
        if (!expanded.missing.isEmpty()) {
            fail(QStringLiteral("header \"%1\" uses ${env:%2}, which is not set; set it in the environment and restart")
                     .arg(name, expanded.missing.first()));
            return;
        }
        for (const QString &secret : expanded.values)
            m_mask.add(secret);
        options.headers.append({name.toUtf8(), expanded.value.toUtf8()});
    }

    // The system CA store, plus the workspace's own CA when it names one; never fewer checks.
    if (!m_config.caFile.isEmpty()) {
        const std::variant<QList<QSslCertificate>, QString> cas = readCaFile(m_config.caFile);
        if (const QString *problem = std::get_if<QString>(&cas)) {
            fail(*problem);
            return;
        }
        options.tls.addCaCertificates(std::get<QList<QSslCertificate>>(cas));
    }

    ++m_status.counters.attempts;
    m_tlsError.clear();
    m_lastPong = -1;
    m_pingSentAt = 0;
    m_socket = m_transports->create(m_config.transport, std::move(options)).release();
    Q_ASSERT(m_socket);
    m_socket->setParent(this); // deleted with this, or later when the attempt ends
    m_socket->setMessageHandler(
        [this](QByteArrayView payload, bool text, qint64 receivedMs) { onMessage(payload, text, receivedMs); });
    m_socket->setReadHandler([this] {
        takeWireBytes();
        if (m_readSink)
            m_readSink();
    });
    connect(m_socket, &ws::Transport::opened, this, &FeedConnection::onConnected);
    connect(m_socket, &ws::Transport::closed, this, &FeedConnection::onClosed);
    connect(m_socket, &ws::Transport::sslErrorsOccurred, this, &FeedConnection::onSslErrors);
    connect(m_socket, &ws::Transport::pongReceived, this, &FeedConnection::onPong);

    setState(FeedState::Connecting);
    m_handshakeTimer.start(m_config.handshakeTimeoutMs);
    m_socket->open(m_expandedUrl);
}

// The address with its ${env:NAME} filled in, and the proxy to take; false (and Failed) when a
// variable is missing or a proxy setting cannot be used, which retrying would not change.
bool FeedConnection::prepareRoute(ws::TransportOptions &options)
{
    m_mask.clear();
    const workspace::UrlExpansion address = workspace::expandUrl(m_connectUrl);
    if (!address.missing.isEmpty()) {
        fail(missingVariable(QStringLiteral("url"), address.missing.first()));
        return false;
    }
    for (const QString &secret : address.values)
        m_mask.add(secret);
    m_mask.add(address.url.password());
    if (!address.url.isValid() || address.url.host().isEmpty()) {
        fail(QStringLiteral("\"url\" of feed \"%1\" is not a valid URL once its ${env:...} values are filled in; "
                            "check those variables (a value with spaces, \"#\" or \"/\" must be percent-encoded)")
                 .arg(m_config.id));
        return false;
    }
    m_expandedUrl = address.url;
    // The other servers of a cluster, in turn after a failed attempt (the configured one first).
    const QStringList alternates = m_codec->alternateHosts();
    if (m_route > 0 && !alternates.isEmpty()) {
        const QString &alternate = alternates.at((m_route - 1) % alternates.size());
        const qsizetype colon = alternate.lastIndexOf(u':');
        bool portOk = false;
        const int port = colon > 0 ? alternate.mid(colon + 1).toInt(&portOk) : -1;
        if (portOk) {
            m_expandedUrl.setHost(alternate.left(colon));
            m_expandedUrl.setPort(port);
        }
    }

    const std::variant<net::ProxySetting, QString> parsed = net::parseProxySetting(m_config.proxy);
    if (const QString *problem = std::get_if<QString>(&parsed)) {
        fail(QStringLiteral("\"proxy\" of feed \"%1\" %2").arg(m_config.id, *problem));
        return false;
    }
    net::ProxySetting setting = std::get<net::ProxySetting>(parsed);
    // A server in this process that the engine resolved the URL to (sim:// to the built-in
    // simulator) is reached directly, whatever the proxy setting.
    if (m_connectUrl != m_config.url && QHostAddress(m_connectUrl.host()).isLoopback())
        setting.mode = net::ProxySetting::Mode::None;
    for (QString *credential : {&setting.server.user, &setting.server.password}) {
        const workspace::ExpandResult expanded = workspace::expandEnv(*credential);
        if (!expanded.missing.isEmpty()) {
            fail(missingVariable(QStringLiteral("proxy"), expanded.missing.first()));
            return false;
        }
        *credential = expanded.value;
    }
    const net::ProxyResolution route = net::resolveProxy(setting, m_expandedUrl, net::processEnvironment());
    switch (route.outcome) {
    case net::ProxyResolution::Outcome::Error:
        fail(route.error);
        return false;
    case net::ProxyResolution::Outcome::AskSystem:
        m_proxy = net::systemProxyFor(m_expandedUrl);
        break;
    case net::ProxyResolution::Outcome::Use:
        m_proxy = route.server;
        break;
    }
    m_mask.add(m_proxy.password);
    options.proxy = m_proxy;
    return true;
}

QString FeedConnection::missingVariable(const QString &key, const QString &name) const
{
    return QStringLiteral("\"%1\" of feed \"%2\" uses ${env:%3}, which is not set; set %3 in the environment "
                          "FeedDeck starts from, then restart FeedDeck")
        .arg(key, m_config.id, name);
}

void FeedConnection::onConnected()
{
    m_handshakeTimer.stop();
    ++m_status.counters.connects;
    m_status.subprotocol = QString::fromLatin1(m_socket->subprotocol());
    noteActivity();
    m_livenessTimer.start();
    // The first ping goes out with the subscription: the round trip shows as soon as the feed does.
    m_roundTrip.forgetOutstanding();
    sendPing();
    if (m_config.pingIntervalMs > 0)
        m_pingTimer.start();

    const QStringList symbols = activeSymbols();
    m_codec->connectionOpened();
    setState(FeedState::Subscribing);
    sendFrames(m_codec->subscribeMessages(symbols));
    // Without symbols, or with a protocol that sends no ack, the open socket is Live at once.
    if (symbols.isEmpty() || !m_codec->expectsSubscriptionAck())
        setState(FeedState::Live);
}

void FeedConnection::onMessage(QByteArrayView frame, bool text, qint64 receivedMs)
{
    QByteArrayView payload = frame;
    if (!text && !m_codec->binaryFrames()) {
        const BinaryPayload::Result unwrapped = m_binary.unwrap(frame);
        if (!unwrapped.problem.isEmpty()) {
            rejectFrame(frame, unwrapped.problem, receivedMs);
            return;
        }
        payload = unwrapped.text;
    }
    // A binary message is shown as far as it reads as text; its first 64 KiB are enough for that.
    const QByteArrayView kept = text ? payload : payload.first(std::min<qsizetype>(payload.size(), 64 * 1024));
    QByteArray &slot = m_recent[m_recentCount++ % kRecentMessages];
    slot.resize(kept.size()); // reuses the slot's memory
    std::memcpy(slot.data(), kept.data(), std::size_t(kept.size()));
    handleFrame(payload, receivedMs);
}

QStringList FeedConnection::recentMessages() const
{
    QStringList list;
    const quint64 count = std::min<quint64>(m_recentCount, kRecentMessages);
    for (quint64 i = m_recentCount - count; i < m_recentCount; ++i)
        list.append(m_mask.apply(QString::fromUtf8(m_recent[i % kRecentMessages])));
    return list;
}

// Every message that arrived, whatever becomes of it: counted, and proof the feed is alive.
void FeedConnection::countMessage(QByteArrayView frame, qint64 receivedMs)
{
    FeedCounters &c = m_status.counters;
    ++c.messages;
    c.bytes += quint64(frame.size());
    if (c.firstMessageMs < 0)
        c.firstMessageMs = receivedMs;
    c.lastMessageMs = receivedMs;
    if (receivedMs != m_lastReceivedMs) { // frames of one socket read share their stamp
        m_lastReceivedMs = receivedMs;
        noteActivity();
    }
}

void FeedConnection::handleFrame(QByteArrayView frame, qint64 receivedMs)
{
    countMessage(frame, receivedMs);
    FeedCounters &c = m_status.counters;
    codec::DecodeResult result = m_codec->decode(frame, receivedMs);
    switch (result.kind) {
    case codec::FrameKind::Data:
        ++c.updates;
        break;
    case codec::FrameKind::Control:
        ++c.ignored;
        break;
    case codec::FrameKind::Bad:
        ++c.badMessages;
        break;
    }
    if (!result.issues.isEmpty())
        handleIssues(result);
    if (!result.replies.isEmpty())
        sendFrames(result.replies);
    if (!result.upstreams.isEmpty())
        noteUpstreams(result.upstreams, receivedMs);

    if (m_status.state == FeedState::Stale
        || (m_status.state == FeedState::Subscribing
            && (result.subscriptionAck || result.kind == codec::FrameKind::Data)))
        setState(FeedState::Live);

    if (!result.updates.isEmpty() && m_updateSink)
        m_updateSink(result.updates);
    m_codec->recycle(std::move(result.updates));
    if (!result.dropConnection.isEmpty())
        dropSocket(result.dropConnection);
}

void FeedConnection::noteUpstreams(const QList<codec::UpstreamReport> &reports, qint64 receivedMs)
{
    for (const codec::UpstreamReport &report : reports) {
        const codec::nats::RelayedStatus &r = report.status;
        UpstreamStatus upstream;
        upstream.feedId = report.feedId;
        upstream.name = r.name.isEmpty() ? report.feedId : r.name;
        upstream.protocol = r.protocol;
        upstream.state = stateFromName(r.state).value_or(FeedState::Failed);
        upstream.stateSinceMs = r.sinceMs;
        upstream.retryAtMs = r.retryAtMs;
        upstream.lastError = m_mask.apply(r.lastError);
        upstream.relayDropped = r.relayDropped;
        upstream.counters.messages = r.messages;
        upstream.counters.updates = r.updates;
        upstream.counters.connects = r.connects;
        upstream.counters.disconnects = r.disconnects;
        // A report replayed from the relay's history is as old as the relay says, not as new as
        // its arrival here: a relay that has gone quiet reads as silent at once.
        upstream.heardAtMs = r.atMs > 0 ? std::min(receivedMs, r.atMs) : receivedMs;
        const auto known = std::find_if(m_status.upstreams.begin(), m_status.upstreams.end(),
                                        [&](const UpstreamStatus &u) { return u.feedId == report.feedId; });
        if (known == m_status.upstreams.end()) {
            m_status.upstreams.append(std::move(upstream));
            emit stateChanged(m_status.state); // a new feed behind the relay: the lists change
        } else {
            const bool changed = known->state != upstream.state || known->lastError != upstream.lastError;
            *known = std::move(upstream);
            if (changed)
                emit stateChanged(m_status.state);
        }
    }
}

// A frame no codec can read: counted and reported like a message the codec found bad.
void FeedConnection::rejectFrame(QByteArrayView frame, const QString &problem, qint64 receivedMs)
{
    countMessage(frame, receivedMs);
    ++m_status.counters.badMessages;
    emit problemReported(QStringLiteral("%1: bad message: %2").arg(m_status.name, problem));
}

void FeedConnection::takeWireBytes()
{
    if (m_socket)
        m_status.counters.wireBytes += m_socket->takeWireBytes();
}

void FeedConnection::handleIssues(const codec::DecodeResult &result)
{
    bool newlyRejected = false;
    for (const codec::DecodeIssue &issue : result.issues) {
        switch (issue.kind) {
        case codec::IssueKind::SymbolRejected:
            if (!m_status.rejectedSymbols.contains(issue.symbol)) {
                m_status.rejectedSymbols.insert(issue.symbol, m_mask.apply(issue.detail));
                newlyRejected = true;
                emit problemReported(m_mask.apply(QStringLiteral("%1: the server refused %2: %3")
                                                      .arg(m_status.name, issue.symbol, issue.detail)));
            }
            break;
        case codec::IssueKind::ServerError:
            setError(QStringLiteral("server error: %1").arg(issue.detail));
            emit problemReported(QStringLiteral("%1: %2").arg(m_status.name, m_status.lastError));
            break;
        case codec::IssueKind::Notice:
            emit problemReported(m_mask.apply(QStringLiteral("%1: %2").arg(m_status.name, issue.detail)));
            break;
        default:
            emit problemReported(m_mask.apply(QStringLiteral("%1: bad message: %2").arg(m_status.name, issue.detail)));
            break;
        }
    }
    // A venue that refuses a whole request for one bad symbol: ask again for the rest, once per
    // newly rejected symbol (or once split up, when the venue did not say which), so one typo
    // neither loops nor silences the other symbols.
    if ((newlyRejected || result.resubscribe) && socketOpen()) {
        const QStringList rest = activeSymbols();
        if (!rest.isEmpty())
            sendFrames(m_codec->subscribeMessages(rest));
    }
}

void FeedConnection::onPong(const QByteArray &payload)
{
    // The peer is reachable; that proves the connection, not the data. A Stale feed stays
    // Stale (the user sees its values age) until a frame arrives, but is not dropped.
    m_lastPong = m_clock.elapsed();
    if (m_roundTrip.onPong(payload, m_clock.nsecsElapsed()))
        refreshRoundTrip();
}

void FeedConnection::onPingTimer()
{
    if (socketOpen())
        sendPing();
}

void FeedConnection::sendPing()
{
    m_socket->ping(m_roundTrip.nextPing(m_clock.nsecsElapsed()));
}

void FeedConnection::refreshRoundTrip()
{
    m_status.rttMs = m_roundTrip.lastMs();
    m_status.rttMedianMs = m_roundTrip.medianMs(m_clock.nsecsElapsed());
}

void FeedConnection::noteActivity()
{
    m_lastActivity = m_clock.elapsed();
}

void FeedConnection::pingPeer(qint64 now)
{
    m_pingSentAt = now;
    m_staleDeadline = now + pingGraceMs(m_config.staleAfterMs);
    sendPing();
}

void FeedConnection::onLivenessTick()
{
    if (!socketOpen() || !m_socket)
        return;
    const qint64 now = m_clock.elapsed();
    if (m_status.rttMedianMs >= 0)
        refreshRoundTrip(); // samples older than a minute leave the median
    if (m_status.state != FeedState::Stale) {
        if (now - m_lastActivity >= m_config.staleAfterMs) {
            setState(FeedState::Stale);
            pingPeer(now);
        }
        return;
    }
    const bool answered = m_lastPong >= m_pingSentAt;
    if (answered) {
        // Reachable but silent: keep asking once per stale period, keep the subscription.
        if (now - m_pingSentAt >= m_config.staleAfterMs)
            pingPeer(now);
        return;
    }
    if (now >= m_staleDeadline) {
        const QString reason = QStringLiteral("no data for %1 ms and no answer to a ping (stale_after_ms %2); reconnecting")
                                   .arg(now - m_lastActivity)
                                   .arg(m_config.staleAfterMs);
        dropSocket(reason);
    }
}

void FeedConnection::onHandshakeTimeout()
{
    QString reason = QStringLiteral("no WebSocket handshake reply within %1 ms").arg(m_config.handshakeTimeoutMs);
    if (!m_proxy.isDirect())
        reason += QStringLiteral(" through the proxy %1 (from %2)").arg(m_proxy.display(), m_proxy.origin);
    dropSocket(reason);
}

void FeedConnection::onSslErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &e : errors)
        texts.append(e.errorString());
    // Certificate errors are never ignored: the connection fails and the user sees why.
    m_tlsError = kTlsRejected
        + QStringLiteral("%1; if the server's certificate comes from a private CA, name that CA's certificate "
                         "in the feed's \"ca_file\"")
              .arg(texts.join(QStringLiteral("; ")));
}

void FeedConnection::onClosed(const ws::CloseInfo &info)
{
    QString reason;
    if (info.code == ws::kCloseTooBig && !info.byServer) {
        ++m_status.counters.oversize;
        reason = QStringLiteral("a message exceeded max_message_bytes (%1 bytes); connection closed (1009)")
                     .arg(m_config.maxMessageBytes);
    } else if (!info.wasOpen) {
        // The certificate errors say more than the handshake failure that follows them.
        reason = !m_tlsError.isEmpty() ? m_tlsError
            : info.reason.isEmpty()    ? QStringLiteral("WebSocket handshake failed")
                                       : info.reason;
    } else {
        reason = describeClose(info.code, info.reason);
    }
    dropSocket(reason);
}

void FeedConnection::dropSocket(const QString &reason)
{
    if (!m_socket)
        return;
    const bool wasOpen = socketOpen();
    takeWireBytes(); // the last read (a close frame, a refused handshake) counts too
    m_handshakeTimer.stop();
    m_stableTimer.stop();
    m_livenessTimer.stop();
    m_pingTimer.stop();
    m_status.subprotocol.clear();
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;

    setError(reason.isEmpty() ? QStringLiteral("connection closed") : reason);
    if (const qsizetype alternates = m_codec->alternateHosts().size(); alternates > 0)
        m_route = (m_route + 1) % (alternates + 1);
    if (m_status.state != FeedState::Live && m_status.state != FeedState::Stale)
        ++m_status.failedAttemptsInARow; // this attempt never went live
    if (const QString line = m_logThrottle.pass(m_status.lastError, data::nowMs()); !line.isEmpty())
        qCInfo(lcFeed).noquote() << m_status.id << line;
    if (wasOpen) {
        ++m_status.counters.disconnects;
        emit connectionLost(data::nowMs());
    }
    scheduleRetry();
}

void FeedConnection::scheduleRetry()
{
    const int delay = m_retry.nextDelayMs();
    const qint64 now = data::nowMs();
    m_status.retryAtMs = now + delay; // exactly the policy's delay after the Backoff began
    m_retryTimer.start(delay);
    setState(FeedState::Backoff, now);
}

void FeedConnection::fail(const QString &reason)
{
    setError(reason);
    qCWarning(lcFeed).noquote() << m_status.id << m_status.lastError;
    emit problemReported(QStringLiteral("%1: %2").arg(m_status.name, m_status.lastError));
    setState(FeedState::Failed);
}

void FeedConnection::sendFrames(const QList<QByteArray> &frames)
{
    if (!m_socket || frames.isEmpty())
        return;
    const bool binary = m_codec->binaryFrames();
    for (const QByteArray &frame : frames) {
        if (binary)
            m_socket->sendBinary(frame);
        else
            m_socket->sendText(frame);
    }
    emit framesSent(frames);
}

void FeedConnection::setError(const QString &text)
{
    m_status.lastError = m_mask.apply(text);
}

void FeedConnection::setState(FeedState state)
{
    setState(state, data::nowMs());
}

void FeedConnection::setState(FeedState state, qint64 atMs)
{
    if (m_status.state == state)
        return;
    m_status.state = state;
    m_status.stateSinceMs = atMs;
    if (state == FeedState::Live) {
        m_status.failedAttemptsInARow = 0;
        if (!m_stableTimer.isActive())
            m_stableTimer.start(m_timing.stableLiveMs);
    }
    emit stateChanged(state);
}

} // namespace feeddeck::feed
