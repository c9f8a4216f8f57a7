#include "core/sim/InventorySession.h"

#include "core/sim/JsonLineWriter.h"

namespace feeddeck::sim {

namespace {

QByteArray nowText()
{
    return '"' + isoTimeMillis(nowEpochMicros() / 1000) + '"';
}

} // namespace

InventorySession::InventorySession(double ratePerSymbolHz, quint64 seed)
    : m_timing(deriveSeed(seed, 0))
    , m_picks(deriveSeed(seed, 1))
    , m_ratePerSymbolHz(ratePerSymbolHz)
{
    for (const StockSpec &spec : inventoryCatalog()) {
        SkuStocks entry{spec.sku, {}};
        for (const QString &warehouse : spec.warehouses) {
            entry.stocks.append(m_stocks.size());
            const quint64 stockSeed = deriveSeed(seed, quint64(100 + m_stocks.size()));
            m_stocks.append(InventoryStock(spec.sku, warehouse, spec.typicalOnHand, stockSeed));
        }
        m_skus.append(entry);
    }
}

void InventorySession::handleText(const QByteArray &utf8, QList<QByteArray> &out)
{
    QJsonObject request;
    QString parseError;
    if (!parseObject(utf8, request, parseError)) {
        out.append(errorMessage(u"malformed json", parseError));
        return;
    }
    const QString type = request.value(QStringLiteral("type")).toString();
    const bool subscribing = type == QStringLiteral("subscribe");
    if (!subscribing && type != QStringLiteral("unsubscribe")) {
        out.append(errorMessage(u"invalid request", QStringLiteral("type must be subscribe or unsubscribe")));
        return;
    }
    QStringList skus;
    if (!readTextList(request.value(QStringLiteral("skus")), skus)) {
        out.append(errorMessage(u"invalid request", QStringLiteral("skus must be an array of strings")));
        return;
    }
    if (subscribing)
        subscribe(skus, out);
    else
        unsubscribe(skus, out);
}

void InventorySession::subscribe(const QStringList &skus, QList<QByteArray> &out)
{
    QList<qsizetype> added;
    for (const QString &sku : skus) {
        const qsizetype index = indexOf(sku);
        if (index < 0) {
            out.append(JsonLineWriter()
                           .text("type", u"error")
                           .text("message", u"unknown sku")
                           .text("sku", clipped(sku))
                           .finish());
        } else if (!m_subscribed.contains(index)) {
            m_subscribed.append(index);
            added.append(index);
        }
    }
    out.append(subscribedMessage());
    // The current levels first, so a new subscriber has every row at once.
    for (const qsizetype index : std::as_const(added))
        for (const qsizetype stock : m_skus.at(index).stocks)
            out.append(inventoryMessage(m_stocks.at(stock), 0));
}

void InventorySession::unsubscribe(const QStringList &skus, QList<QByteArray> &out)
{
    for (const QString &sku : skus)
        m_subscribed.removeAll(indexOf(sku));
    out.append(subscribedMessage());
}

void InventorySession::tick(qint64 monotonicMs, double elapsedSeconds, QList<QByteArray> &out)
{
    if (m_nextHeartbeatMs < 0)
        m_nextHeartbeatMs = monotonicMs + kHeartbeatIntervalMs;

    const int due = m_budget.take(m_ratePerSymbolHz * double(m_subscribed.size()), elapsedSeconds, m_timing);
    for (int i = 0; i < due && !m_subscribed.isEmpty(); ++i) {
        const SkuStocks &entry = m_skus.at(m_subscribed.at(uniformInt(m_picks, 0, m_subscribed.size() - 1)));
        InventoryStock &stock = m_stocks[entry.stocks.at(uniformInt(m_picks, 0, entry.stocks.size() - 1))];
        const int delta = stock.move();
        out.append(inventoryMessage(stock, delta));
    }

    if (monotonicMs >= m_nextHeartbeatMs) {
        out.append(JsonLineWriter().text("type", u"heartbeat").raw("ts", nowText()).finish());
        m_nextHeartbeatMs += kHeartbeatIntervalMs;
        if (m_nextHeartbeatMs <= monotonicMs) // far behind (a stalled loop): do not catch up in a burst
            m_nextHeartbeatMs = monotonicMs + kHeartbeatIntervalMs;
    }
}

qsizetype InventorySession::indexOf(const QString &sku) const
{
    for (qsizetype i = 0; i < m_skus.size(); ++i)
        if (m_skus.at(i).sku == sku)
            return i;
    return -1;
}

QByteArray InventorySession::subscribedMessage() const
{
    QStringList skus;
    for (const qsizetype index : m_subscribed)
        skus.append(m_skus.at(index).sku);
    return JsonLineWriter().text("type", u"subscribed").textList("skus", skus).finish();
}

QByteArray InventorySession::inventoryMessage(const InventoryStock &stock, int delta)
{
    return JsonLineWriter()
        .text("type", u"inventory")
        .text("sku", stock.sku())
        .text("warehouse", stock.warehouse())
        .number("on_hand", stock.onHand())
        .number("delta", delta)
        .raw("ts", nowText())
        .finish();
}

} // namespace feeddeck::sim
