#include "core/codec/nats/JetStream.h"

#include "core/codec/NumberParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace feeddeck::codec::nats {

namespace {

constexpr qint64 kNsPerMs = 1'000'000;
// A consumer nobody reads goes away after this long (a desktop that closed or moved on).
constexpr qint64 kInactiveMs = 30'000;
// The server says it is alive this often when there is nothing to deliver.
constexpr qint64 kHeartbeatMs = 5'000;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<quint64> unsignedToken(QByteArrayView token)
{
    return parseUnsigned(std::string_view(token.data(), std::size_t(token.size())));
}

} // namespace

QString streamNameFor(QStringView prefix)
{
    QString name = prefix.toString().toUpper();
    name.replace(QLatin1Char('.'), QLatin1Char('_'));
    return name;
}

QByteArray streamCreateSubject(QStringView stream)
{
    return "$JS.API.STREAM.CREATE." + stream.toUtf8();
}

QByteArray streamUpdateSubject(QStringView stream)
{
    return "$JS.API.STREAM.UPDATE." + stream.toUtf8();
}

QByteArray streamConfig(QStringView stream, const QStringList &subjects, qint64 maxAgeMs, qint64 maxBytes)
{
    QJsonObject config{
        {QStringLiteral("name"), stream.toString()},
        {QStringLiteral("subjects"), QJsonArray::fromStringList(subjects)},
        {QStringLiteral("retention"), QStringLiteral("limits")},
        {QStringLiteral("storage"), QStringLiteral("file")},
        {QStringLiteral("discard"), QStringLiteral("old")},
        {QStringLiteral("num_replicas"), 1},
        {QStringLiteral("max_age"), double(maxAgeMs) * double(kNsPerMs)},
        {QStringLiteral("max_bytes"), maxBytes > 0 ? double(maxBytes) : -1.0},
        {QStringLiteral("max_msgs"), -1},
    };
    return compact(config);
}

namespace {

// The answer's object (empty when it is none) and what its "error" says.
ApiResponse readApiResponse(QByteArrayView json, QJsonObject *object)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (!document.isObject())
        return {.ok = false, .code = 0, .errorCode = 0,
                .description = QStringLiteral("the JetStream answer is not a JSON object (%1)").arg(parseError.errorString())};
    *object = document.object();
    const QJsonValue error = object->value(QLatin1String("error"));
    if (!error.isObject())
        return {.ok = true, .code = 0, .errorCode = 0, .description = {}};
    const QJsonObject e = error.toObject();
    return {.ok = false, .code = e.value(QLatin1String("code")).toInt(),
            .errorCode = e.value(QLatin1String("err_code")).toInt(),
            .description = e.value(QLatin1String("description")).toString()};
}

} // namespace

ApiResponse parseApiResponse(QByteArrayView json)
{
    QJsonObject object;
    return readApiResponse(json, &object);
}

QByteArray streamNamesRequest(QStringView pattern)
{
    return compact(QJsonObject{{QStringLiteral("subject"), pattern.toString()}});
}

std::optional<QStringList> parseStreamNames(QByteArrayView json, QString *error)
{
    QJsonObject object;
    const ApiResponse response = readApiResponse(json, &object);
    if (!response.ok) {
        *error = response.description;
        return std::nullopt;
    }
    QStringList names;
    for (const QJsonValue &name : object.value(QLatin1String("streams")).toArray()) // null: none
        if (name.isString())
            names.append(name.toString());
    return names;
}

QByteArray consumerCreateSubject(QStringView stream)
{
    return "$JS.API.CONSUMER.CREATE." + stream.toUtf8();
}

QByteArray orderedConsumerConfig(QStringView stream, QByteArrayView deliverSubject, QStringView filter,
                                 quint64 startSequence)
{
    QJsonObject config{
        {QStringLiteral("deliver_subject"), QString::fromUtf8(deliverSubject)},
        {QStringLiteral("filter_subject"), filter.toString()},
        {QStringLiteral("ack_policy"), QStringLiteral("none")},
        {QStringLiteral("max_deliver"), 1},
        {QStringLiteral("replay_policy"), QStringLiteral("instant")},
        {QStringLiteral("flow_control"), true},
        {QStringLiteral("idle_heartbeat"), double(kHeartbeatMs * kNsPerMs)},
        {QStringLiteral("inactive_threshold"), double(kInactiveMs * kNsPerMs)},
        {QStringLiteral("mem_storage"), true},
        {QStringLiteral("num_replicas"), 1},
    };
    if (startSequence > 0) {
        config.insert(QStringLiteral("deliver_policy"), QStringLiteral("by_start_sequence"));
        config.insert(QStringLiteral("opt_start_seq"), double(startSequence));
    } else {
        config.insert(QStringLiteral("deliver_policy"), QStringLiteral("all"));
    }
    return compact(QJsonObject{{QStringLiteral("stream_name"), stream.toString()}, {QStringLiteral("config"), config}});
}

std::optional<Delivery> parseDelivery(QByteArrayView replySubject)
{
    const QList<QByteArrayView> tokens = [&] {
        QList<QByteArrayView> list;
        qsizetype start = 0;
        for (qsizetype i = 0; i <= replySubject.size(); ++i) {
            if (i == replySubject.size() || replySubject.at(i) == '.') {
                list.append(replySubject.sliced(start, i - start));
                start = i + 1;
            }
        }
        return list;
    }();
    if (tokens.size() < 9 || tokens.at(0) != "$JS" || tokens.at(1) != "ACK")
        return std::nullopt;
    // v1: $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>
    // v2: $JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>[.<random>]
    qsizetype first = 0;
    if (tokens.size() == 9)
        first = 4;
    else if (tokens.size() >= 11)
        first = 6;
    else
        return std::nullopt;
    const std::optional<quint64> stream = unsignedToken(tokens.at(first + 1));
    const std::optional<quint64> consumer = unsignedToken(tokens.at(first + 2));
    const std::optional<quint64> ns = unsignedToken(tokens.at(first + 3));
    const std::optional<quint64> pending = unsignedToken(tokens.at(first + 4));
    if (!stream || !consumer || !ns || !pending)
        return std::nullopt;
    return Delivery{.streamSequence = *stream, .consumerSequence = *consumer, .timestampNs = qint64(*ns),
                    .pending = *pending};
}

} // namespace feeddeck::codec::nats
