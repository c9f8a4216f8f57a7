#include "core/sim/MarketInstrument.h"

#include <algorithm>
#include <cmath>

namespace feeddeck::sim {

const QList<InstrumentSpec> &marketCatalog()
{
    // Plausible late-2023 levels, tick sizes and size increments.
    static const QList<InstrumentSpec> catalog = {
        {QStringLiteral("BTC-USD"), 43000.0, 2, 8, 0.02, 18000.0, 0.0003, 2e-6},
        {QStringLiteral("ETH-USD"), 2300.0, 2, 8, 0.3, 150000.0, 0.0004, 5e-6},
        {QStringLiteral("SOL-USD"), 62.0, 2, 8, 8.0, 2.5e6, 0.0006, 1.5e-4},
        {QStringLiteral("LTC-USD"), 72.0, 2, 8, 3.0, 300000.0, 0.0005, 1.5e-4},
        {QStringLiteral("DOGE-USD"), 0.085, 5, 1, 2000.0, 8e8, 0.0006, 1.2e-4},
        {QStringLiteral("AAPL"), 190.0, 2, 0, 50.0, 5.5e7, 0.0002, 5e-5},
        {QStringLiteral("MSFT"), 375.0, 2, 0, 40.0, 2.2e7, 0.0002, 3e-5},
        {QStringLiteral("NVDA"), 480.0, 2, 0, 60.0, 4.5e7, 0.0003, 3e-5},
        {QStringLiteral("TSLA"), 240.0, 2, 0, 80.0, 1.1e8, 0.0004, 4e-5},
        {QStringLiteral("EUR-USD"), 1.09, 5, 0, 100000.0, 8e10, 0.00005, 1e-5},
        {QStringLiteral("GBP-USD"), 1.27, 5, 0, 100000.0, 5e10, 0.00005, 1e-5},
    };
    return catalog;
}

namespace {

constexpr double kReversion = 0.0002; // share of the distance to the open recovered per trade

qint64 scaleFor(int decimals)
{
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return scale;
}

} // namespace

MarketInstrument::MarketInstrument(const InstrumentSpec &spec, quint64 seed)
    : m_spec(spec)
    , m_rng(seed)
{
    SimRandom &rng = m_rng;
    const double ticksPerUnit = double(scaleFor(spec.priceDecimals));
    const double sizeUnits = double(scaleFor(spec.sizeDecimals));
    const qint64 open = std::max<qint64>(100, std::llround(spec.price * ticksPerUnit * uniformReal(rng, 0.98, 1.02)));
    // The walk stays within a factor of two of the open, and far enough from zero for a spread.
    m_minPrice = std::max<qint64>(50, open / 2);
    m_maxPrice = open * 2;

    m_quote.open24h = open;
    m_quote.price = std::clamp<qint64>(std::llround(double(open) * uniformReal(rng, 0.985, 1.015)), m_minPrice,
                                       m_maxPrice);
    m_quote.high24h = std::llround(double(std::max(open, m_quote.price)) * uniformReal(rng, 1.0, 1.01));
    m_quote.low24h = std::llround(double(std::min(open, m_quote.price)) * uniformReal(rng, 0.99, 1.0));
    m_quote.volume24h = std::llround(spec.volume24h * sizeUnits * uniformReal(rng, 0.8, 1.2));
    m_quote.volume30d = std::llround(double(m_quote.volume24h) * uniformReal(rng, 25.0, 35.0));
    m_quote.lastSize = randomSize(spec.typicalSize);
    m_quote.buySide = chance(rng, 0.5);
    m_quote.sequence = uniformInt(rng, 1'000'000'000, 90'000'000'000);
    m_quote.tradeId = uniformInt(rng, 10'000'000, 900'000'000);
    quoteAround();
}

void MarketInstrument::trade()
{
    SimRandom &rng = m_rng;
    MarketQuote &q = m_quote;
    const double sigma = double(q.price) * m_spec.volatility;
    const double pull = double(q.open24h - q.price) * kReversion;
    const qint64 move = std::llround(gaussian(rng, sigma) + pull);
    const qint64 price = std::clamp(q.price + move, m_minPrice, m_maxPrice);

    q.buySide = price == q.price ? chance(rng, 0.5) : price > q.price;
    q.price = price;
    q.high24h = std::max(q.high24h, price);
    q.low24h = std::min(q.low24h, price);
    q.lastSize = randomSize(m_spec.typicalSize);
    q.volume24h += q.lastSize;
    q.volume30d += q.lastSize;
    q.tradeId += 1;
    q.sequence += uniformInt(rng, 1, 40); // book updates between trades
    quoteAround();
}

void MarketInstrument::touch()
{
    m_quote.sequence += uniformInt(m_rng, 1, 10);
}

void MarketInstrument::quoteAround()
{
    SimRandom &rng = m_rng;
    // At least one tick each side, so bid < price < ask always holds.
    const qint64 halfSpread = std::max<qint64>(1, std::llround(double(m_quote.price) * m_spec.spread));
    m_quote.bid = m_quote.price - uniformInt(rng, 1, halfSpread);
    m_quote.ask = m_quote.price + uniformInt(rng, 1, halfSpread);
    m_quote.bidSize = randomSize(m_spec.typicalSize * 4.0);
    m_quote.askSize = randomSize(m_spec.typicalSize * 4.0);
}

qint64 MarketInstrument::randomSize(double mean)
{
    const double units = exponential(m_rng, mean) * double(scaleFor(m_spec.sizeDecimals));
    return std::clamp<qint64>(std::llround(units), 1, qint64(1) << 40);
}

} // namespace feeddeck::sim
