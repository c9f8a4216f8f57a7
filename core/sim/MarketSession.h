#pragma once

#include "core/sim/MarketInstrument.h"
#include "core/sim/RateBudget.h"
#include "core/sim/SimRandom.h"
#include "core/sim/SimSession.h"

#include <QList>

namespace feeddeck::sim {

// /market: the subset of the Coinbase Exchange WebSocket protocol that FeedDeck uses.
//
// Client to server (text frames, JSON):
//   {"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channels":["ticker","heartbeat"]}
//     A channel may also be an object {"name":"ticker","product_ids":[...]}; it then uses its own
//     product_ids, or the top-level ones when it has none. Channels: "ticker", "heartbeat".
//   {"type":"unsubscribe","product_ids":[...],"channels":[...]}
//     Same shape. Without "channels" the products leave every channel; a channel named with no
//     products is left whole. Products that are not subscribed are ignored.
// Server to client:
//   {"type":"subscriptions","channels":[{"name":"ticker","product_ids":[...]},
//                                       {"name":"heartbeat","product_ids":[...]}]}
//     After every accepted request: the connection's whole current set (empty channels left out).
//   {"type":"ticker","sequence":N,"product_id":"BTC-USD","price":"43012.55","open_24h":"42100.00",
//    "volume_24h":"18234.11","low_24h":"41800.12","high_24h":"43500.00","volume_30d":"512345.1",
//    "best_bid":"43012.50","best_bid_size":"0.41","best_ask":"43012.60","best_ask_size":"0.30",
//    "side":"buy","time":"2026-11-22T22:22:17.818123Z","trade_id":N,"last_size":"0.0123"}
//     One right after a product joins the ticker channel (the current state), then on average
//     SimOptions::ratePerSymbolHz a second per product. sequence and trade_id grow per product.
//   {"type":"heartbeat","last_trade_id":N,"product_id":"BTC-USD","sequence":N,"time":"..."}
//     Every second for each product on the heartbeat channel.
//   {"type":"error","message":"Failed to subscribe","reason":"FOO-USD is not a valid product"}
//     A refused request changes nothing: one unknown product refuses the whole request.
//   {"type":"error","message":"Malformed JSON","reason":"..."}
class MarketSession final : public SimSession
{
public:
    MarketSession(double ratePerSymbolHz, quint64 seed);

    void handleText(const QByteArray &utf8, QList<QByteArray> &out) override;
    void tick(qint64 monotonicMs, double elapsedSeconds, QList<QByteArray> &out) override;

private:
    enum class Channel { Ticker, Heartbeat };
    struct ChannelRequest
    {
        Channel channel = Channel::Ticker;
        QList<qsizetype> products; // indices into m_instruments
        bool wholeChannel = false; // unsubscribe only: no products named
    };

    // Reads and checks the channels of a request; returns the reason when it is refused.
    [[nodiscard]] QString readRequest(const QJsonObject &request, bool subscribing,
                                      QList<ChannelRequest> &channels) const;
    void subscribe(const QList<ChannelRequest> &channels, QList<QByteArray> &out);
    void unsubscribe(const QList<ChannelRequest> &channels, QList<QByteArray> &out);

    [[nodiscard]] qsizetype indexOf(const QString &productId) const;
    [[nodiscard]] QList<qsizetype> &members(Channel channel);
    [[nodiscard]] QByteArray subscriptionsMessage() const;
    [[nodiscard]] QByteArray tickerMessage(const MarketInstrument &instrument) const;
    [[nodiscard]] QByteArray heartbeatMessage(const MarketInstrument &instrument) const;

    // Separate streams for when updates come and which symbol they are about; each walk has
    // its own. So the values depend on the seed and the requests only, not on timer timing.
    SimRandom m_timing;
    SimRandom m_picks;
    double m_ratePerSymbolHz = 0.0;
    // The whole catalog, so a product keeps its walk when it is subscribed again.
    QList<MarketInstrument> m_instruments;
    QList<qsizetype> m_tickers;    // subscribed, in subscription order
    QList<qsizetype> m_heartbeats; // subscribed, in subscription order
    RateBudget m_budget;
    qint64 m_nextHeartbeatMs = -1;
};

} // namespace feeddeck::sim
