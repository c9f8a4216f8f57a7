#include "core/codec/NatsCodec.h"

#include "core/codec/nats/NatsSubject.h"

namespace feeddeck::codec {

namespace {

QString excerptOf(QByteArrayView bytes)
{
    constexpr qsizetype kMax = 80;
    QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), kMax)));
    if (bytes.size() > kMax)
        text += QStringLiteral("…");
    return text;
}

} // namespace

NatsCodec::NatsCodec(nats::ConnectOptions connect)
    : m_connect(std::move(connect))
{
}

QByteArray NatsCodec::statusPatternFor(QByteArrayView pattern)
{
    const qsizetype dot = pattern.lastIndexOf('.');
    if (dot < 0)
        return {};
    const QByteArrayView last = pattern.sliced(dot + 1);
    // Wildcards match "$status" as any other token.
    if (last == "*" || last == ">" || last == nats::kStatusToken)
        return {};
    return pattern.first(dot + 1).toByteArray() + nats::kStatusToken.toByteArray();
}

void NatsCodec::connectionOpened()
{
    m_reader.reset();
    m_connectSent = false;
    m_pingsOut = 0;
    m_lastSid = 0;
    m_subscriptions.clear();
    m_statusSubscriptions.clear();
}

QList<QByteArray> NatsCodec::subscribeMessages(const QStringList &patterns)
{
    QByteArray out;
    if (!m_connectSent) {
        out += nats::connectCommand(m_connect);
        m_connectSent = true;
    }
    for (const QString &pattern : patterns) {
        if (m_subscriptions.contains(pattern))
            continue;
        Subscription subscription{.sid = nextSid(), .statusSubject = statusPatternFor(pattern.toUtf8())};
        nats::appendSub(out, pattern.toUtf8(), subscription.sid);
        if (!subscription.statusSubject.isEmpty()) {
            StatusSubscription &status = m_statusSubscriptions[subscription.statusSubject];
            if (status.users++ == 0) {
                status.sid = nextSid();
                nats::appendSub(out, subscription.statusSubject, status.sid);
            }
        }
        m_subscriptions.insert(pattern, subscription);
    }
    // Its PONG says the server has taken every SUB before it.
    out += nats::kPing;
    ++m_pingsOut;
    return {out};
}

QList<QByteArray> NatsCodec::unsubscribeMessages(const QStringList &patterns)
{
    QByteArray out;
    for (const QString &pattern : patterns) {
        const auto it = m_subscriptions.constFind(pattern);
        if (it == m_subscriptions.cend())
            continue;
        nats::appendUnsub(out, it->sid);
        if (!it->statusSubject.isEmpty()) {
            const auto status = m_statusSubscriptions.find(it->statusSubject);
            if (status != m_statusSubscriptions.end() && --status->users == 0) {
                nats::appendUnsub(out, status->sid);
                m_statusSubscriptions.erase(status);
            }
        }
        m_subscriptions.erase(it);
    }
    if (out.isEmpty())
        return {};
    return {out};
}

DecodeResult NatsCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    DecodeResult result;
    m_reader.feed(frame);
    nats::ServerOp op;
    for (;;) {
        const nats::ServerReader::Status status = m_reader.next(op);
        if (status == nats::ServerReader::Status::NeedMore)
            break;
        if (status == nats::ServerReader::Status::Error) {
            const QString reason = QStringLiteral("the server's NATS stream cannot be read: %1").arg(m_reader.error());
            result.issues.append({.kind = IssueKind::BadJson, .detail = reason, .symbol = {}});
            result.dropConnection = reason;
            break;
        }
        switch (op.kind) {
        case nats::ServerOp::Kind::Info: {
            QString error;
            // To a WebSocket client a server lists the cluster's WebSocket listeners as
            // connect_urls (nats-server's generateClientInfoJSON); ws_connect_urls is for others.
            if (const std::optional<nats::ServerInfo> info = nats::parseInfo(op.text, &error))
                m_alternates = info->wsConnectUrls.isEmpty() ? info->connectUrls : info->wsConnectUrls;
            else
                result.issues.append({.kind = IssueKind::BadJson, .detail = QStringLiteral("INFO: %1").arg(error),
                                      .symbol = {}});
            break;
        }
        case nats::ServerOp::Kind::Ping:
            result.replies.append(nats::kPong.toByteArray());
            break;
        case nats::ServerOp::Kind::Pong:
            if (m_pingsOut > 0) {
                --m_pingsOut;
                result.subscriptionAck = true;
            }
            break;
        case nats::ServerOp::Kind::Ok:
            break;
        case nats::ServerOp::Kind::Err:
            readError(op.text, result);
            break;
        case nats::ServerOp::Kind::Msg:
        case nats::ServerOp::Kind::HMsg:
            readMessage(op, receivedMs, result);
            break;
        }
    }
    if (!result.updates.isEmpty())
        result.kind = FrameKind::Data;
    else if (!result.issues.isEmpty() && result.issues.constLast().kind != IssueKind::ServerError
             && result.issues.constLast().kind != IssueKind::SymbolRejected)
        result.kind = FrameKind::Bad;
    return result;
}

void NatsCodec::readMessage(const nats::ServerOp &op, qint64 receivedMs, DecodeResult &result)
{
    const std::optional<nats::SubjectParts> parts = nats::parseSubject(op.subject);
    if (!parts) {
        result.issues.append({.kind = IssueKind::BadJson,
                              .detail = QStringLiteral("subject \"%1\" is not one a FeedDeck relay publishes "
                                                       "(<prefix>.<feed>.<key>); narrow the feed's subject patterns")
                                            .arg(excerptOf(op.subject)),
                              .symbol = {}});
        return;
    }
    QString error;
    if (parts->isStatus) {
        std::optional<nats::RelayedStatus> status = nats::parseStatusPayload(op.payload, &error);
        if (status)
            result.upstreams.append(UpstreamReport{.feedId = parts->feedId, .status = std::move(*status)});
        else
            result.issues.append({.kind = IssueKind::BadJson,
                                  .detail = QStringLiteral("%1: %2").arg(excerptOf(op.subject), error), .symbol = {}});
        return;
    }
    if (std::size_t(parts->key.toUtf8().size()) > maxSymbolBytes()) {
        result.issues.append({.kind = IssueKind::WrongType,
                              .detail = QStringLiteral("%1: the key is longer than max_symbol_bytes (%2)")
                                            .arg(excerptOf(op.subject))
                                            .arg(maxSymbolBytes()),
                              .symbol = {}});
        return;
    }
    store::Update &update = result.updates.emplaceBack();
    if (!nats::parseUpdatePayload(op.payload, update, &error)) {
        result.updates.removeLast();
        result.issues.append({.kind = IssueKind::BadJson,
                              .detail = QStringLiteral("%1: %2").arg(excerptOf(op.subject), error), .symbol = {}});
        return;
    }
    // The relay's receipt stamp is when the value reached the desk; keep ours when it sent none.
    if (update.receivedMs == store::kNoTime)
        update.receivedMs = receivedMs;
    update.symbol = parts->key;
    update.origin = parts->feedId;
}

void NatsCodec::readError(QByteArrayView text, DecodeResult &result)
{
    const QString message = QString::fromUtf8(text);
    static const QString kDenied = QStringLiteral("Permissions Violation for Subscription to ");
    if (message.startsWith(kDenied, Qt::CaseInsensitive)) {
        QString pattern = message.mid(kDenied.size()).trimmed();
        if (pattern.size() >= 2 && pattern.startsWith(u'"') && pattern.endsWith(u'"'))
            pattern = pattern.mid(1, pattern.size() - 2);
        result.issues.append({.kind = IssueKind::SymbolRejected,
                              .detail = QStringLiteral("this NATS user may not subscribe to it"), .symbol = pattern});
        return;
    }
    QString detail = message;
    if (message.contains(QLatin1String("Authorization Violation"), Qt::CaseInsensitive))
        detail = QStringLiteral("NATS refused the credentials (%1); check the feed's options.user and "
                                "options.password, or options.token")
                     .arg(message);
    result.issues.append({.kind = IssueKind::ServerError, .detail = detail, .symbol = {}});
}

} // namespace feeddeck::codec
