#pragma once

#include "core/sim/SimRandom.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace feeddeck::sim {

// One stock-keeping unit and the warehouses that hold it.
struct StockSpec
{
    QString sku;
    QStringList warehouses;
    int typicalOnHand = 100;
};

// The SKUs served on /inventory.
[[nodiscard]] const QList<StockSpec> &inventoryCatalog();

// The stock of one SKU in one warehouse: picks take a few units, restocks bring a
// batch. on_hand never goes below zero. Draws from its own generator, like MarketInstrument.
class InventoryStock
{
public:
    InventoryStock(QString sku, QString warehouse, int typicalOnHand, quint64 seed);

    // One pick or restock; returns the change (never zero).
    int move();

    [[nodiscard]] const QString &sku() const noexcept { return m_sku; }
    [[nodiscard]] const QString &warehouse() const noexcept { return m_warehouse; }
    [[nodiscard]] int onHand() const noexcept { return m_onHand; }

private:
    QString m_sku;
    QString m_warehouse;
    SimRandom m_rng;
    int m_typical = 100;
    int m_onHand = 0;
};

} // namespace feeddeck::sim
