#include "core/codec/CodecRegistry.h"

#include "core/codec/BinanceCodec.h"
#include "core/codec/CoinbaseCodec.h"
#include "core/codec/JsonMapping.h"
#include "core/codec/JsonMappingCodec.h"
#include "core/codec/NatsCodec.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <optional>

namespace feeddeck::codec {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// Reads options.<key> as a list of names; absent means "the codec's defaults".
std::optional<QStringList> nameList(const CodecOptions &codec, const QString &key, QString *error)
{
    const QJsonValue value = codec.options.value(key);
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (!value.isArray()) {
        setError(error, QStringLiteral("options.%1 must be an array of names").arg(key));
        return std::nullopt;
    }
    QStringList names;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue name = array.at(i);
        if (!name.isString() || name.toString().isEmpty()) {
            setError(error, QStringLiteral("options.%1[%2] must be a non-empty name").arg(key).arg(i));
            return std::nullopt;
        }
        names.append(name.toString());
    }
    return names;
}

std::unique_ptr<FeedCodec> makeCoinbaseCodec(const CodecOptions &codec, QString *error)
{
    const std::optional<QStringList> channels = nameList(codec, QStringLiteral("channels"), error);
    if (!channels)
        return nullptr;
    // An empty list falls back to the defaults inside the codec.
    return channels->isEmpty() ? std::make_unique<CoinbaseCodec>() : std::make_unique<CoinbaseCodec>(*channels);
}

std::unique_ptr<FeedCodec> makeBinanceCodec(const CodecOptions &codec, QString *error)
{
    const std::optional<QStringList> streams = nameList(codec, QStringLiteral("streams"), error);
    if (!streams)
        return nullptr;
    for (const QString &stream : *streams) {
        if (!BinanceCodec::supportedStreams().contains(stream)) {
            setError(error, QStringLiteral("options.streams: \"%1\" is not a supported stream (use %2)")
                                .arg(stream, BinanceCodec::supportedStreams().join(QStringLiteral(", "))));
            return nullptr;
        }
    }
    return streams->isEmpty() ? std::make_unique<BinanceCodec>() : std::make_unique<BinanceCodec>(*streams);
}

std::unique_ptr<FeedCodec> makeJsonMappingCodec(const CodecOptions &codec, QString *error)
{
    JsonMapping::Problems problems;
    std::optional<JsonMapping> mapping = JsonMapping::fromJson(codec.mapping, &problems);
    if (!mapping) {
        const QPair<QString, QString> first = problems.value(0, {QString(), QStringLiteral("invalid mapping")});
        setError(error, QStringLiteral("json.%1: %2").arg(first.first, first.second));
        return nullptr;
    }
    return std::make_unique<JsonMappingCodec>(std::move(*mapping));
}

// The credentials of a nats feed: options.user and options.password, or options.token; each
// may hold ${env:NAME} so that secrets stay out of the workspace file (filled in by
// codec.resolveCredential).
std::unique_ptr<FeedCodec> makeNatsCodec(const CodecOptions &codec, QString *error)
{
    nats::ConnectOptions connect;
    connect.name = QStringLiteral("feeddeck %1").arg(codec.feedId);
    for (const auto &[key, target] : {std::pair{QStringLiteral("user"), &connect.user},
                                      std::pair{QStringLiteral("password"), &connect.password},
                                      std::pair{QStringLiteral("token"), &connect.token}}) {
        const QJsonValue value = codec.options.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isString()) {
            setError(error, QStringLiteral("options.%1 must be a string").arg(key));
            return nullptr;
        }
        const ResolvedCredential resolved = codec.resolveCredential
                                                ? codec.resolveCredential(value.toString())
                                                : ResolvedCredential{.value = value.toString(), .missing = {}};
        if (!resolved.missing.isEmpty()) {
            setError(error, QStringLiteral("options.%1 uses ${env:%2}, which is not set; set %2 in the environment "
                                           "FeedDeck starts from")
                                .arg(key, resolved.missing.first()));
            return nullptr;
        }
        *target = resolved.value;
    }
    // options.history: true (default) reads the relay's stored history where a stream holds it.
    const QJsonValue history = codec.options.value(QStringLiteral("history"));
    if (!history.isUndefined() && !history.isBool()) {
        setError(error, QStringLiteral("options.history must be true or false"));
        return nullptr;
    }
    return std::make_unique<NatsCodec>(connect, history.toBool(true));
}

} // namespace

const QList<ProtocolDescription> &protocols()
{
    static const QList<ProtocolDescription> descriptions = {CoinbaseCodec::description(), BinanceCodec::description(),
                                                            JsonMappingCodec::description(), NatsCodec::description()};
    return descriptions;
}

const ProtocolDescription *protocolNamed(const QString &name)
{
    for (const ProtocolDescription &description : protocols())
        if (description.name == name)
            return &description;
    return nullptr;
}

QStringList knownProtocols()
{
    QStringList names;
    for (const ProtocolDescription &description : protocols())
        names.append(description.name);
    return names;
}

std::unique_ptr<FeedCodec> makeCodec(const CodecOptions &options, QString *error)
{
    std::unique_ptr<FeedCodec> codec;
    if (options.protocol == QLatin1String("coinbase")) {
        codec = makeCoinbaseCodec(options, error);
    } else if (options.protocol == QLatin1String("binance")) {
        codec = makeBinanceCodec(options, error);
    } else if (options.protocol == QLatin1String("json")) {
        codec = makeJsonMappingCodec(options, error);
    } else if (options.protocol == QLatin1String("nats")) {
        codec = makeNatsCodec(options, error);
    } else {
        setError(error, QStringLiteral("unknown protocol \"%1\" (supported: %2)")
                            .arg(options.protocol, knownProtocols().join(QLatin1String(", "))));
    }
    if (codec)
        codec->setMaxSymbolBytes(options.maxSymbolBytes);
    return codec;
}

} // namespace feeddeck::codec
