#pragma once

#include "core/sim/SimRandom.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace feeddeck::sim {

// What the simulator knows about one tradable product.
struct InstrumentSpec
{
    QString productId;      // as the venue writes it: "BTC-USD"
    double price = 0.0;     // typical price in the quote currency
    int priceDecimals = 2;  // tick size = 10^-priceDecimals
    int sizeDecimals = 8;   // size increment = 10^-sizeDecimals
    double typicalSize = 1; // mean trade size
    double volume24h = 0.0; // typical daily volume, in base units
    double volatility = 0;  // standard deviation of one trade's relative price move
    double spread = 0;      // typical half spread, relative to the price
};

// The products served on /market.
[[nodiscard]] const QList<InstrumentSpec> &marketCatalog();

// The state a ticker reports. Prices are whole ticks and sizes whole size increments,
// so the walk is exact and the text never shows binary rounding.
struct MarketQuote
{
    qint64 price = 0;
    qint64 open24h = 0;
    qint64 high24h = 0;
    qint64 low24h = 0;
    qint64 bid = 0;
    qint64 ask = 0;
    qint64 bidSize = 0;
    qint64 askSize = 0;
    qint64 lastSize = 0;
    qint64 volume24h = 0;
    qint64 volume30d = 0;
    bool buySide = true; // the taker's side of the last trade
    qint64 sequence = 0;
    qint64 tradeId = 0;
};

// A random walk of one product: bid < price < ask, high and low follow the walk,
// volume grows with every trade, and the price is pulled back towards its open so a
// long run stays plausible. It draws from its own generator, so the walk depends on the
// seed alone, not on how trades of several products interleave.
class MarketInstrument
{
public:
    MarketInstrument(const InstrumentSpec &spec, quint64 seed);

    // Advances the walk by one trade.
    void trade();
    // Book activity without a trade: the sequence moves on, the prices stay.
    void touch();

    [[nodiscard]] const InstrumentSpec &spec() const noexcept { return m_spec; }
    [[nodiscard]] const MarketQuote &quote() const noexcept { return m_quote; }

private:
    void quoteAround();
    [[nodiscard]] qint64 randomSize(double mean);

    InstrumentSpec m_spec;
    SimRandom m_rng;
    MarketQuote m_quote;
    qint64 m_minPrice = 1;
    qint64 m_maxPrice = 1;
};

} // namespace feeddeck::sim
