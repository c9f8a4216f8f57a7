#include "core/codec/CodecRegistry.h"

#include "core/codec/CoinbaseCodec.h"

#include <QJsonArray>
#include <QJsonValue>

namespace feeddeck::codec {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

std::unique_ptr<FeedCodec> makeCoinbaseCodec(const workspace::FeedConfig &feed, QString *error)
{
    const QJsonValue channelsValue = feed.options.value(QLatin1String("channels"));
    if (channelsValue.isUndefined() || channelsValue.isNull())
        return std::make_unique<CoinbaseCodec>();
    if (!channelsValue.isArray()) {
        setError(error, QStringLiteral("options.channels must be an array of channel names"));
        return nullptr;
    }
    QStringList channels;
    const QJsonArray array = channelsValue.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue channel = array.at(i);
        if (!channel.isString() || channel.toString().isEmpty()) {
            setError(error, QStringLiteral("options.channels[%1] must be a non-empty channel name").arg(i));
            return nullptr;
        }
        channels.append(channel.toString());
    }
    // An empty list falls back to the defaults inside the codec.
    return std::make_unique<CoinbaseCodec>(channels);
}

} // namespace

QStringList knownProtocols()
{
    return {QStringLiteral("coinbase")};
}

std::unique_ptr<FeedCodec> makeCodec(const workspace::FeedConfig &feed, QString *error)
{
    if (feed.protocol == QLatin1String("coinbase"))
        return makeCoinbaseCodec(feed, error);
    setError(error, QStringLiteral("unknown protocol \"%1\" (supported: %2)")
                        .arg(feed.protocol, knownProtocols().join(QLatin1String(", "))));
    return nullptr;
}

} // namespace feeddeck::codec
