#include "core/sim/MarketSession.h"

#include "core/sim/JsonLineWriter.h"

#include <QJsonArray>

namespace feeddeck::sim {

namespace {

QStringView channelName(bool ticker)
{
    return ticker ? QStringView(u"ticker") : QStringView(u"heartbeat");
}

} // namespace

MarketSession::MarketSession(double ratePerSymbolHz, quint64 seed)
    : m_timing(deriveSeed(seed, 0))
    , m_picks(deriveSeed(seed, 1))
    , m_ratePerSymbolHz(ratePerSymbolHz)
{
    const QList<InstrumentSpec> &catalog = marketCatalog();
    m_instruments.reserve(catalog.size());
    for (qsizetype i = 0; i < catalog.size(); ++i)
        m_instruments.append(MarketInstrument(catalog.at(i), deriveSeed(seed, quint64(100 + i))));
}

void MarketSession::handleText(const QByteArray &utf8, QList<QByteArray> &out)
{
    QJsonObject request;
    QString parseError;
    if (!parseObject(utf8, request, parseError)) {
        out.append(errorMessage(u"Malformed JSON", parseError));
        return;
    }

    const QString type = request.value(QStringLiteral("type")).toString();
    const bool subscribing = type == QStringLiteral("subscribe");
    if (!subscribing && type != QStringLiteral("unsubscribe")) {
        out.append(errorMessage(u"Failed to subscribe", QStringLiteral("type must be subscribe or unsubscribe")));
        return;
    }

    QList<ChannelRequest> channels;
    const QString refusal = readRequest(request, subscribing, channels);
    if (!refusal.isEmpty()) {
        out.append(errorMessage(subscribing ? u"Failed to subscribe" : u"Failed to unsubscribe", refusal));
        return;
    }
    if (subscribing)
        subscribe(channels, out);
    else
        unsubscribe(channels, out);
}

QString MarketSession::readRequest(const QJsonObject &request, bool subscribing,
                                   QList<ChannelRequest> &channels) const
{
    const QString productIdsKey = QStringLiteral("product_ids");
    QStringList topLevel;
    if (request.contains(productIdsKey) && !readTextList(request.value(productIdsKey), topLevel))
        return QStringLiteral("product_ids must be an array of strings");

    // Unsubscribe without channels: the products leave every channel.
    QJsonArray entries;
    const QJsonValue channelsValue = request.value(QStringLiteral("channels"));
    if (channelsValue.isUndefined() && !subscribing) {
        entries = QJsonArray{QStringLiteral("ticker"), QStringLiteral("heartbeat")};
    } else if (!channelsValue.isArray() || channelsValue.toArray().isEmpty()) {
        return QStringLiteral("channels must be a non-empty array");
    } else {
        entries = channelsValue.toArray();
    }

    for (const QJsonValue &entry : std::as_const(entries)) {
        QString name;
        QStringList productIds = topLevel;
        if (entry.isString()) {
            name = entry.toString();
        } else if (entry.isObject() && entry.toObject().value(QStringLiteral("name")).isString()) {
            const QJsonObject object = entry.toObject();
            name = object.value(QStringLiteral("name")).toString();
            if (object.contains(productIdsKey) && !readTextList(object.value(productIdsKey), productIds))
                return QStringLiteral("product_ids of %1 must be an array of strings").arg(clipped(name));
        } else {
            return QStringLiteral("a channel is a name or an object with a name");
        }

        ChannelRequest channel;
        if (name == QStringLiteral("ticker"))
            channel.channel = Channel::Ticker;
        else if (name == QStringLiteral("heartbeat"))
            channel.channel = Channel::Heartbeat;
        else
            return QStringLiteral("%1 is not a valid channel").arg(clipped(name));

        if (productIds.isEmpty()) {
            if (subscribing)
                return QStringLiteral("%1 needs product_ids").arg(name);
            channel.wholeChannel = true;
        }
        for (const QString &productId : std::as_const(productIds)) {
            const qsizetype index = indexOf(productId);
            if (index >= 0)
                channel.products.append(index);
            else if (subscribing)
                return QStringLiteral("%1 is not a valid product").arg(clipped(productId));
        }
        channels.append(channel);
    }
    return {};
}

void MarketSession::subscribe(const QList<ChannelRequest> &channels, QList<QByteArray> &out)
{
    QList<qsizetype> newTickers;
    for (const ChannelRequest &request : channels) {
        QList<qsizetype> &subscribed = members(request.channel);
        for (const qsizetype index : request.products) {
            if (subscribed.contains(index))
                continue;
            subscribed.append(index);
            if (request.channel == Channel::Ticker)
                newTickers.append(index);
        }
    }
    out.append(subscriptionsMessage());
    // Like the venue, a new ticker subscription starts with the current state.
    for (const qsizetype index : std::as_const(newTickers)) {
        m_instruments[index].touch();
        out.append(tickerMessage(m_instruments.at(index)));
    }
}

void MarketSession::unsubscribe(const QList<ChannelRequest> &channels, QList<QByteArray> &out)
{
    for (const ChannelRequest &request : channels) {
        QList<qsizetype> &subscribed = members(request.channel);
        if (request.wholeChannel)
            subscribed.clear();
        for (const qsizetype index : request.products)
            subscribed.removeAll(index);
    }
    out.append(subscriptionsMessage());
}

void MarketSession::tick(qint64 monotonicMs, double elapsedSeconds, QList<QByteArray> &out)
{
    if (m_nextHeartbeatMs < 0)
        m_nextHeartbeatMs = monotonicMs + kHeartbeatIntervalMs;

    const int due = m_budget.take(m_ratePerSymbolHz * double(m_tickers.size()), elapsedSeconds, m_timing);
    for (int i = 0; i < due && !m_tickers.isEmpty(); ++i) {
        const qsizetype index = m_tickers.at(uniformInt(m_picks, 0, m_tickers.size() - 1));
        m_instruments[index].trade();
        out.append(tickerMessage(m_instruments.at(index)));
    }

    if (monotonicMs >= m_nextHeartbeatMs) {
        for (const qsizetype index : std::as_const(m_heartbeats))
            out.append(heartbeatMessage(m_instruments.at(index)));
        m_nextHeartbeatMs += kHeartbeatIntervalMs;
        if (m_nextHeartbeatMs <= monotonicMs) // far behind (a stalled loop): do not catch up in a burst
            m_nextHeartbeatMs = monotonicMs + kHeartbeatIntervalMs;
    }
}

qsizetype MarketSession::indexOf(const QString &productId) const
{
    for (qsizetype i = 0; i < m_instruments.size(); ++i)
        if (m_instruments.at(i).spec().productId == productId)
            return i;
    return -1;
}

QList<qsizetype> &MarketSession::members(Channel channel)
{
    return channel == Channel::Ticker ? m_tickers : m_heartbeats;
}

QByteArray MarketSession::subscriptionsMessage() const
{
    QByteArray list = QByteArrayLiteral("[");
    for (const bool ticker : {true, false}) {
        const QList<qsizetype> &subscribed = ticker ? m_tickers : m_heartbeats;
        if (subscribed.isEmpty())
            continue;
        QStringList productIds;
        for (const qsizetype index : subscribed)
            productIds.append(m_instruments.at(index).spec().productId);
        if (list.size() > 1)
            list.append(',');
        list.append(JsonLineWriter().text("name", channelName(ticker)).textList("product_ids", productIds).finish());
    }
    list.append(']');
    return JsonLineWriter().text("type", u"subscriptions").raw("channels", list).finish();
}

QByteArray MarketSession::tickerMessage(const MarketInstrument &instrument) const
{
    const InstrumentSpec &spec = instrument.spec();
    const MarketQuote &q = instrument.quote();
    const int pd = spec.priceDecimals;
    const int sd = spec.sizeDecimals;
    return JsonLineWriter()
        .text("type", u"ticker")
        .number("sequence", q.sequence)
        .text("product_id", spec.productId)
        .decimalText("price", q.price, pd)
        .decimalText("open_24h", q.open24h, pd)
        .decimalText("volume_24h", q.volume24h, sd)
        .decimalText("low_24h", q.low24h, pd)
        .decimalText("high_24h", q.high24h, pd)
        .decimalText("volume_30d", q.volume30d, sd)
        .decimalText("best_bid", q.bid, pd)
        .decimalText("best_bid_size", q.bidSize, sd)
        .decimalText("best_ask", q.ask, pd)
        .decimalText("best_ask_size", q.askSize, sd)
        .text("side", q.buySide ? u"buy" : u"sell")
        .raw("time", '"' + isoTimeMicros(nowEpochMicros()) + '"')
        .number("trade_id", q.tradeId)
        .decimalText("last_size", q.lastSize, sd)
        .finish();
}

QByteArray MarketSession::heartbeatMessage(const MarketInstrument &instrument) const
{
    const MarketQuote &q = instrument.quote();
    return JsonLineWriter()
        .text("type", u"heartbeat")
        .number("last_trade_id", q.tradeId)
        .text("product_id", instrument.spec().productId)
        .number("sequence", q.sequence)
        .raw("time", '"' + isoTimeMicros(nowEpochMicros()) + '"')
        .finish();
}

} // namespace feeddeck::sim
