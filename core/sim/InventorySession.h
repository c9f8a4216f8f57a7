#pragma once

#include "core/sim/InventoryStock.h"
#include "core/sim/RateBudget.h"
#include "core/sim/SimRandom.h"
#include "core/sim/SimSession.h"

#include <QList>

namespace feeddeck::sim {

// /inventory: FeedDeck's stock-level protocol. Text frames, one JSON object each, UTF-8.
//
// Client to server:
//   {"type":"subscribe","skus":["SKU-1001","SKU-1002"]}
//   {"type":"unsubscribe","skus":["SKU-1002"]}
//     SKUs are case-sensitive. Subscribing twice is harmless; unsubscribing a SKU that is not
//     subscribed is ignored.
// Server to client, in this order after a request:
//   {"type":"error","message":"unknown sku","sku":"SKU-9999"}
//     One per unknown SKU of a subscribe request; the known SKUs of the request are still subscribed.
//   {"type":"subscribed","skus":["SKU-1001",...]}
//     After every accepted request: the connection's whole current set, in subscription order.
//   {"type":"inventory","sku":"SKU-1001","warehouse":"WH-EAST","on_hand":118,"delta":0,"ts":"..."}
//     For a newly subscribed SKU, first one message per warehouse holding it with the current
//     level and "delta":0. Then updates from picks (negative delta) and restocks (positive),
//     on average SimOptions::ratePerSymbolHz a second per SKU, each in one of its warehouses.
//     on_hand is an integer and never below 0; on_hand = previous on_hand + delta for the same
//     sku and warehouse. ts is ISO 8601 UTC with milliseconds: "2026-11-22T22:22:17.818Z".
//   {"type":"heartbeat","ts":"2026-11-22T22:22:17.818Z"}
//     Every second, subscribed or not.
//   {"type":"error","message":"malformed json","reason":"..."}
//   {"type":"error","message":"invalid request","reason":"..."}
//     The request changed nothing (not an object, unknown type, skus not an array of strings).
// Warehouses: WH-EAST, WH-WEST, WH-NORTH. SKUs: SKU-1001..SKU-1008, SKU-2001, SKU-2002.
class InventorySession final : public SimSession
{
public:
    InventorySession(double ratePerSymbolHz, quint64 seed);

    void handleText(const QByteArray &utf8, QList<QByteArray> &out) override;
    void tick(qint64 monotonicMs, double elapsedSeconds, QList<QByteArray> &out) override;

private:
    struct SkuStocks
    {
        QString sku;
        QList<qsizetype> stocks; // indices into m_stocks, one per warehouse
    };

    void subscribe(const QStringList &skus, QList<QByteArray> &out);
    void unsubscribe(const QStringList &skus, QList<QByteArray> &out);
    [[nodiscard]] qsizetype indexOf(const QString &sku) const;
    [[nodiscard]] QByteArray subscribedMessage() const;
    [[nodiscard]] static QByteArray inventoryMessage(const InventoryStock &stock, int delta);

    // Separate streams for when updates come and which symbol they are about; each walk has
    // its own. So the values depend on the seed and the requests only, not on timer timing.
    SimRandom m_timing;
    SimRandom m_picks;
    double m_ratePerSymbolHz = 0.0;
    QList<InventoryStock> m_stocks; // every SKU in every warehouse, so levels persist across resubscriptions
    QList<SkuStocks> m_skus;
    QList<qsizetype> m_subscribed; // indices into m_skus, in subscription order
    RateBudget m_budget;
    qint64 m_nextHeartbeatMs = -1;
};

} // namespace feeddeck::sim
