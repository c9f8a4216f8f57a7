#include "core/codec/NatsCodec.h"

#include "core/codec/Excerpt.h"
#include "core/codec/JsonPath.h"
#include "core/codec/nats/JetStream.h"
#include "core/codec/nats/NatsSubject.h"

#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

namespace feeddeck::codec {

namespace {

// A server whose JetStream does not answer (a cluster without JetStream says nothing at all)
// holds a pattern's live messages this long, or this many, before they are read as they are.
constexpr qint64 kLookupMs = 3000;
constexpr qsizetype kMaxHeld = 20000;

QString excerptOf(QByteArrayView bytes)
{
    return excerpt(std::string_view(bytes.data(), std::size_t(bytes.size())), 80);
}

// A key or feed id from a subject, safe to show and to export: a publisher other than a relay
// may have escaped control characters into it.
QString shown(const QString &text)
{
    const bool clean = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isPrint() || c.isSurrogate(); });
    if (clean)
        return text;
    const QByteArray utf8 = text.toUtf8();
    return printable(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

} // namespace

NatsCodec::NatsCodec(nats::ConnectOptions connect, bool readHistory)
    : m_connect(std::move(connect))
    , m_readHistory(readHistory)
{
    // A subject of our own for the answers and deliveries of this feed, as NATS clients make them.
    m_inbox = "_INBOX." + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
}

ProtocolDescription NatsCodec::description()
{
    const QString history = QStringLiteral("history");
    const QStringList credentials = {QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("token")};
    QList<ProtocolOption> options;
    for (const QString &key : credentials)
        options.append(ProtocolOption{.name = key, .defaultValue = QString(), .allowed = {}});
    options.append(ProtocolOption{.name = history, .defaultValue = true, .allowed = {}});
    return ProtocolDescription{
        .name = QStringLiteral("nats"),
        .displayName = QStringLiteral("NATS (FeedDeck relay)"),
        .starter = {.name = QStringLiteral("Desk relay"),
                    .url = QStringLiteral("ws://localhost:8080"),
                    .symbols = {QStringLiteral("feeddeck.>")},
                    .options = {},
                    .mapping = {}},
        .options = options,
        .validate = [history, credentials](const ProtocolSettings &settings) {
            ProtocolProblems problems;
            const QString scheme = settings.url.scheme();
            if (settings.url.isValid() && !settings.url.isEmpty() && scheme != QLatin1String("ws")
                && scheme != QLatin1String("wss"))
                problems.append({QStringLiteral("url"),
                                 QStringLiteral("a nats feed connects to the WebSocket listener of a nats-server: use "
                                                "ws://HOST:PORT or wss://HOST:PORT (the \"websocket\" block of its "
                                                "configuration)")});
            for (qsizetype i = 0; i < settings.symbols.size(); ++i) {
                QString why;
                if (!nats::isValidPattern(settings.symbols.at(i), &why))
                    problems.append({indexPath(QStringLiteral("symbols"), i),
                                     QStringLiteral("%1 is not a NATS subject pattern: %2; write e.g. \"feeddeck.>\" or "
                                                    "\"feeddeck.crypto.*\"")
                                         .arg(quotedText(settings.symbols.at(i)), why)});
            }
            for (const QString &key : credentials) {
                const QJsonValue value = settings.options.value(key);
                if (!value.isUndefined() && !value.isNull() && !value.isString())
                    problems.append({QStringLiteral("options.") + key,
                                     QStringLiteral("must be a string (it may hold ${env:NAME}), found %1")
                                         .arg(jsonTypeName(value))});
            }
            const QJsonValue read = settings.options.value(history);
            if (!read.isUndefined() && !read.isBool())
                problems.append({QStringLiteral("options.history"),
                                 QStringLiteral("must be true (read the relay's stored history first) or false (live "
                                                "updates only), found %1")
                                     .arg(jsonTypeName(read))});
            return problems;
        },
    };
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
    m_replySid.clear();
    m_requests.clear();
    m_deliveries.clear();
    m_liveSids.clear();
    m_lookups = 0;
    // m_streamSequences stays: the next connection's consumers start after what was read.
}

QList<QByteArray> NatsCodec::subscribeMessages(const QStringList &patterns)
{
    QByteArray out;
    if (!m_connectSent) {
        out += nats::connectCommand(m_connect);
        m_connectSent = true;
    }
    if (m_readHistory && m_replySid.isEmpty()) {
        m_replySid = nextSid();
        nats::appendSub(out, m_inbox + ".r.*", m_replySid);
    }
    for (const QString &pattern : patterns) {
        if (m_subscriptions.contains(pattern))
            continue;
        Subscription &subscription = m_subscriptions[pattern];
        subscription.statusSubject = statusPatternFor(pattern.toUtf8());
        if (!subscription.statusSubject.isEmpty()) {
            StatusSubscription &status = m_statusSubscriptions[subscription.statusSubject];
            if (status.users++ == 0) {
                status.sid = nextSid();
                nats::appendSub(out, subscription.statusSubject, status.sid);
            }
        }
        subscribeLive(pattern, out);
        if (m_readHistory) {
            subscription.looking = true;
            ++m_lookups;
            request({.kind = Request::Kind::StreamNames, .pattern = pattern}, nats::kStreamNamesSubject,
                    nats::streamNamesRequest(pattern), out);
        }
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
        m_deliveries.remove(it->sid);
        m_liveSids.remove(it->sid);
        if (it->looking)
            --m_lookups;
        if (!it->statusSubject.isEmpty()) {
            const auto status = m_statusSubscriptions.find(it->statusSubject);
            if (status != m_statusSubscriptions.end() && --status->users == 0) {
                nats::appendUnsub(out, status->sid);
                m_statusSubscriptions.erase(status);
            }
        }
        m_subscriptions.erase(it);
        m_streamSequences.remove(pattern);
    }
    if (out.isEmpty())
        return {};
    return {out};
}

void NatsCodec::subscribeLive(const QString &pattern, QByteArray &out)
{
    Subscription &subscription = m_subscriptions[pattern];
    subscription.sid = nextSid();
    subscription.stream.clear();
    m_liveSids.insert(subscription.sid, pattern);
    nats::appendSub(out, pattern.toUtf8(), subscription.sid);
}

void NatsCodec::stopLooking(Subscription &subscription, DecodeResult &result)
{
    subscription.looking = false;
    --m_lookups;
    const QList<HeldMessage> held = std::exchange(subscription.held, {});
    for (const HeldMessage &message : held)
        readMessage(message.subject, message.payload, message.receivedMs, result);
}

void NatsCodec::checkLookups(qint64 receivedMs, DecodeResult &result)
{
    for (Subscription &subscription : m_subscriptions) {
        if (!subscription.looking)
            continue;
        if (subscription.lookingSinceMs < 0)
            subscription.lookingSinceMs = receivedMs;
        else if (receivedMs - subscription.lookingSinceMs > kLookupMs)
            stopLooking(subscription, result); // a late answer finds it live and is ignored
    }
}

void NatsCodec::readLive(const nats::ServerOp &op, qint64 receivedMs, DecodeResult &result)
{
    const QByteArray sid = op.sid.toByteArray();
    const auto live = m_liveSids.constFind(sid);
    if (live != m_liveSids.cend()) {
        Subscription &subscription = m_subscriptions[*live];
        if (subscription.looking) {
            subscription.held.append({op.subject.toByteArray(), op.payload.toByteArray(), receivedMs});
            if (subscription.held.size() >= kMaxHeld)
                stopLooking(subscription, result);
            return;
        }
    } else if (std::none_of(m_statusSubscriptions.cbegin(), m_statusSubscriptions.cend(),
                            [&sid](const StatusSubscription &status) { return status.sid == sid; })) {
        return; // a SUB given up (status SUBs are few: one per literal feed)
    }
    readMessage(op.subject, op.payload, receivedMs, result);
}

void NatsCodec::startConsumer(const QString &pattern, const QString &stream, QByteArray &out)
{
    Subscription &subscription = m_subscriptions[pattern];
    const QByteArray deliverSubject = m_inbox + ".d." + QByteArray::number(++m_lastToken);
    subscription.sid = nextSid();
    subscription.stream = stream;
    subscription.consumerSequence = 0;
    m_deliveries.insert(subscription.sid, pattern);
    nats::appendSub(out, deliverSubject, subscription.sid);
    const quint64 last = m_streamSequences.value(pattern);
    request({.kind = Request::Kind::ConsumerCreate, .pattern = pattern}, nats::consumerCreateSubject(stream),
            nats::orderedConsumerConfig(stream, deliverSubject, pattern, last > 0 ? last + 1 : 0), out);
}

// A consumer that skipped a message (or was lost by the server): a new one from where reading stopped.
void NatsCodec::restartConsumer(const QString &pattern, QByteArray &out)
{
    Subscription &subscription = m_subscriptions[pattern];
    nats::appendUnsub(out, subscription.sid);
    m_deliveries.remove(subscription.sid);
    startConsumer(pattern, subscription.stream, out);
}

void NatsCodec::request(Request request, QByteArrayView subject, QByteArrayView payload, QByteArray &out)
{
    const QByteArray token = QByteArray::number(++m_lastToken);
    m_requests.insert(token, std::move(request));
    nats::appendPub(out, subject, payload, m_inbox + ".r." + token);
}

DecodeResult NatsCodec::decode(QByteArrayView frame, qint64 receivedMs)
{
    DecodeResult result;
    QByteArray out; // what this frame makes us send: replies, consumers, flow control
    if (m_lookups > 0)
        checkLookups(receivedMs, result);
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
            out += nats::kPong;
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
            if (!m_replySid.isEmpty() && op.sid == m_replySid) {
                readReply(op, out, result);
            } else if (const auto delivery = m_deliveries.constFind(op.sid.toByteArray());
                       delivery != m_deliveries.cend()) {
                readDelivery(op, *delivery, receivedMs, out, result);
            } else if (!op.replyTo.startsWith("$JS.ACK.")) {
                readLive(op, receivedMs, result);
            } // else: a late message of a consumer given up on; its successor delivers it again
            break;
        }
    }
    if (!out.isEmpty())
        result.replies.append(out);
    if (!result.updates.isEmpty())
        result.kind = FrameKind::Data;
    else if (!result.issues.isEmpty() && result.issues.constLast().kind != IssueKind::ServerError
             && result.issues.constLast().kind != IssueKind::SymbolRejected)
        result.kind = FrameKind::Bad;
    return result;
}

void NatsCodec::readMessage(QByteArrayView subject, QByteArrayView payload, qint64 receivedMs, DecodeResult &result)
{
    const std::optional<nats::SubjectParts> parts = nats::parseSubject(subject);
    if (!parts) {
        result.issues.append({.kind = IssueKind::BadJson,
                              .detail = QStringLiteral("subject \"%1\" is not one a FeedDeck relay publishes "
                                                       "(<prefix>.<feed>.<key>); narrow the feed's subject patterns")
                                            .arg(excerptOf(subject)),
                              .symbol = {}});
        return;
    }
    QString error;
    if (parts->isStatus) {
        std::optional<nats::RelayedStatus> status = nats::parseStatusPayload(payload, &error);
        if (status)
            result.upstreams.append(UpstreamReport{.feedId = shown(parts->feedId), .status = std::move(*status)});
        else
            result.issues.append({.kind = IssueKind::BadJson,
                                  .detail = QStringLiteral("%1: %2").arg(excerptOf(subject), error), .symbol = {}});
        return;
    }
    if (std::size_t(parts->key.toUtf8().size()) > maxSymbolBytes()) {
        result.issues.append({.kind = IssueKind::WrongType,
                              .detail = QStringLiteral("%1: the key is longer than max_symbol_bytes (%2)")
                                            .arg(excerptOf(subject))
                                            .arg(maxSymbolBytes()),
                              .symbol = {}});
        return;
    }
    data::Update &update = result.updates.emplaceBack();
    if (!nats::parseUpdatePayload(payload, update, &error)) {
        result.updates.removeLast();
        result.issues.append({.kind = IssueKind::BadJson,
                              .detail = QStringLiteral("%1: %2").arg(excerptOf(subject), error), .symbol = {}});
        return;
    }
    // The relay's receipt stamp is when the value reached the desk; keep ours when it sent none.
    if (update.receivedMs == data::kNoTime)
        update.receivedMs = receivedMs;
    update.symbol = shown(parts->key);
    update.origin = shown(parts->feedId);
}

void NatsCodec::readReply(const nats::ServerOp &op, QByteArray &out, DecodeResult &result)
{
    const QByteArrayView token = op.subject.sliced(std::min(op.subject.size(), m_inbox.size() + 3));
    const auto it = m_requests.constFind(token.toByteArray());
    if (it == m_requests.cend())
        return;
    const Request request = *it;
    m_requests.erase(it);
    if (!m_subscriptions.contains(request.pattern))
        return; // unsubscribed while the answer was on its way
    // Nobody answers JetStream requests on this server (no JetStream).
    const bool noResponders = nats::isNoResponders(op);

    Subscription &subscription = m_subscriptions[request.pattern];
    if (request.kind == Request::Kind::StreamNames) {
        if (!subscription.looking)
            return; // answered too late: live already
        QString error;
        const std::optional<QStringList> streams =
            noResponders ? std::nullopt : nats::parseStreamNames(op.payload, &error);
        if (!streams || streams->isEmpty()) {
            stopLooking(subscription, result); // no history kept for it: live from now on
            return;
        }
        // The stream replays what was held, after the history before it.
        subscription.looking = false;
        --m_lookups;
        subscription.held.clear();
        nats::appendUnsub(out, subscription.sid);
        m_liveSids.remove(subscription.sid);
        startConsumer(request.pattern, streams->constFirst(), out);
        return;
    }
    const nats::ApiResponse created = noResponders
        ? nats::ApiResponse{.ok = false, .code = 503, .errorCode = 0, .description = QStringLiteral("no JetStream")}
        : nats::parseApiResponse(op.payload);
    if (created.ok)
        return;
    result.issues.append({.kind = IssueKind::Notice,
                          .detail = QStringLiteral("%1: the history in stream %2 cannot be read (%3); showing live "
                                                   "updates only")
                                        .arg(request.pattern, subscription.stream, created.description),
                          .symbol = {}});
    nats::appendUnsub(out, subscription.sid);
    m_deliveries.remove(subscription.sid);
    subscribeLive(request.pattern, out);
}

void NatsCodec::readDelivery(const nats::ServerOp &op, const QString &pattern, qint64 receivedMs, QByteArray &out,
                             DecodeResult &result)
{
    Subscription &subscription = m_subscriptions[pattern];
    if (op.kind == nats::ServerOp::Kind::HMsg) {
        const nats::MessageHeaders headers = nats::parseHeaders(op.headers);
        if (headers.status == 100) {
            // Flow control (and a heartbeat of a stalled consumer) wants an empty answer.
            if (!op.replyTo.isEmpty())
                nats::appendPub(out, op.replyTo, {});
            // An idle heartbeat names the consumer's last message: one we did not get was lost.
            bool ok = false;
            const quint64 lastSent = headers.value("Nats-Last-Consumer").toULongLong(&ok);
            if (ok && lastSent > subscription.consumerSequence)
                restartConsumer(pattern, out);
            return;
        }
    }
    const std::optional<nats::Delivery> delivery = nats::parseDelivery(op.replyTo);
    if (!delivery) {
        result.issues.append({.kind = IssueKind::BadJson,
                              .detail = QStringLiteral("%1: a message of stream %2 without its sequence")
                                            .arg(excerptOf(op.subject), subscription.stream),
                              .symbol = {}});
        return;
    }
    if (delivery->consumerSequence != subscription.consumerSequence + 1) {
        restartConsumer(pattern, out);
        return;
    }
    subscription.consumerSequence = delivery->consumerSequence;
    quint64 &last = m_streamSequences[pattern];
    if (delivery->streamSequence <= last)
        return; // read already (a consumer restarted a little early)
    last = delivery->streamSequence;
    readMessage(op.subject, op.payload, receivedMs, result);
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
