#include "core/sim/InventoryStock.h"

#include <algorithm>
#include <utility>

namespace feeddeck::sim {

const QList<StockSpec> &inventoryCatalog()
{
    static const QList<StockSpec> catalog = [] {
        const QString east = QStringLiteral("WH-EAST");
        const QString west = QStringLiteral("WH-WEST");
        const QString north = QStringLiteral("WH-NORTH");
        return QList<StockSpec>{
            {QStringLiteral("SKU-1001"), {east, west, north}, 120},
            {QStringLiteral("SKU-1002"), {east, west}, 60},
            {QStringLiteral("SKU-1003"), {north}, 250},
            {QStringLiteral("SKU-1004"), {east, north}, 40},
            {QStringLiteral("SKU-1005"), {west}, 15},
            {QStringLiteral("SKU-1006"), {east, west, north}, 300},
            {QStringLiteral("SKU-1007"), {east}, 80},
            {QStringLiteral("SKU-1008"), {west, north}, 25},
            {QStringLiteral("SKU-2001"), {east, west}, 500},
            {QStringLiteral("SKU-2002"), {north, west}, 10},
        };
    }();
    return catalog;
}

InventoryStock::InventoryStock(QString sku, QString warehouse, int typicalOnHand, quint64 seed)
    : m_sku(std::move(sku))
    , m_warehouse(std::move(warehouse))
    , m_rng(seed)
    , m_typical(std::max(4, typicalOnHand))
    , m_onHand(int(uniformInt(m_rng, m_typical / 4, m_typical * 3 / 2)))
{
}

int InventoryStock::move()
{
    SimRandom &rng = m_rng;
    // Restocks get likelier as the shelf empties; an overfull shelf is only picked from.
    bool restock = false;
    if (m_onHand == 0)
        restock = true;
    else if (m_onHand < m_typical * 3)
        restock = chance(rng, m_onHand < m_typical / 5 ? 0.5 : 0.06);

    int delta = 0;
    if (restock)
        delta = int(uniformInt(rng, std::max(1, m_typical / 4), m_typical));
    else
        delta = -int(std::min<qint64>(m_onHand, uniformInt(rng, 1, 6)));
    m_onHand += delta;
    return delta;
}

} // namespace feeddeck::sim
