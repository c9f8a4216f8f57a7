// Decode rate of each codec against the QJsonDocument code a Qt developer would write
// for the same result from the same messages (parse, symbol, source time, numbers via
// QString::toDouble), side by side in one run: pairs in alternating order (A B, B A, ...).
// Each line (tab-separated): codec, FeedDeck's median msg/s, QJsonDocument's median msg/s,
// the median of the per-pair ratios, and every pair's ratio.
#include "core/codec/BinanceCodec.h"
#include "core/codec/CoinbaseCodec.h"
#include "core/codec/JsonMapping.h"
#include "core/codec/JsonMappingCodec.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace feeddeck;

namespace {

constexpr int kFrames = 256;    // distinct frames, cycled
constexpr int kMessages = 200'000;
constexpr int kPairs = 7; // a shared machine is noisy: the median of more pairs is steadier

struct Case
{
    const char *name;
    QList<QByteArray> frames;
    std::function<qsizetype(const QByteArray &)> feeddeck;
    std::function<qsizetype(const QByteArray &)> qjson;
};

// The values of a result's first update, read in place as FeedConnection's consumers do
// (QList::value() would copy the Update, a cost of the benchmark, not of decoding); then
// the update list goes back to the codec, as FeedConnection gives it back.
qsizetype valueCount(codec::FeedCodec &codec, codec::DecodeResult result)
{
    const qsizetype count = result.updates.isEmpty() ? 0 : result.updates.first().fields.size();
    codec.recycle(std::move(result.updates));
    return count;
}

double rate(const std::function<qsizetype(const QByteArray &)> &decode, const QList<QByteArray> &frames)
{
    qsizetype values = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kMessages; ++i)
        values += decode(frames.at(i % frames.size()));
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (values < kMessages) // every frame carries values: a codec that decodes nothing is not fast
        std::fprintf(stderr, "warning: only %lld values decoded\n", static_cast<long long>(values));
    return kMessages / seconds;
}

// The same result as a codec, the QJsonDocument way: the row symbol (key fields joined
// by '/'), the source time, and every numeric field (JSON strings through QString::toDouble).
qsizetype qjsonUpdate(const QByteArray &frame, std::initializer_list<const char *> keyFields, const char *timeField,
                      bool epochTime, std::initializer_list<const char *> numbers)
{
    const QJsonObject o = QJsonDocument::fromJson(frame).object();
    QStringList key;
    for (const char *k : keyFields)
        key.append(o.value(QLatin1String(k)).toString());
    const QString symbol = key.join(u'/');
    const QJsonValue t = o.value(QLatin1String(timeField));
    const qint64 sourceMs = epochTime ? qint64(t.toDouble())
                                      : QDateTime::fromString(t.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    qsizetype n = symbol.isEmpty() || sourceMs == 0 ? 0 : 1;
    for (const char *field : numbers) {
        const QJsonValue v = o.value(QLatin1String(field));
        bool ok = v.isDouble();
        const double d = v.isString() ? v.toString().toDouble(&ok) : v.toDouble();
        n += ok && d == d ? 1 : 0;
    }
    return n;
}

QList<QByteArray> coinbaseFrames()
{
    QList<QByteArray> frames;
    for (int i = 0; i < kFrames; ++i) {
        const double price = 43000.0 + i * 0.37;
        frames.append(QStringLiteral(
                          R"({"type":"ticker","sequence":%1,"product_id":"SYM%2-USD","price":"%3","open_24h":"42100.00",)"
                          R"("volume_24h":"18234.11","low_24h":"41800.12","high_24h":"43500.00","volume_30d":"512345.1",)"
                          R"("best_bid":"%4","best_bid_size":"0.41","best_ask":"%5","best_ask_size":"0.30","side":"buy",)"
                          R"("time":"2026-11-22T22:22:17.818123Z","trade_id":%1,"last_size":"0.0123"})")
                          .arg(i)
                          .arg(i % 128)
                          .arg(price, 0, 'f', 2)
                          .arg(price - 0.01, 0, 'f', 2)
                          .arg(price + 0.01, 0, 'f', 2)
                          .toUtf8());
    }
    return frames;
}

QList<QByteArray> binanceFrames()
{
    QList<QByteArray> frames;
    for (int i = 0; i < kFrames; ++i)
        frames.append(QStringLiteral(
                          R"({"e":"24hrTicker","E":1672515782136,"s":"SYM%1USDT","p":"0.0015","P":"250.00","w":"0.0018",)"
                          R"("x":"0.0009","c":"%2","Q":"10","b":"0.0024","B":"10","a":"0.0026","A":"100","o":"0.0010",)"
                          R"("h":"0.0025","l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,"n":18151})")
                          .arg(i % 128)
                          .arg(0.0025 + i * 1e-6, 0, 'f', 7)
                          .toUtf8());
    return frames;
}

QList<QByteArray> inventoryFrames()
{
    QList<QByteArray> frames;
    for (int i = 0; i < kFrames; ++i)
        frames.append(QStringLiteral(
                          R"({"type":"inventory","sku":"SKU-%1","warehouse":"WH-EAST","on_hand":%2,"delta":-2,)"
                          R"("ts":"2026-11-22T22:22:17.818Z"})")
                          .arg(1000 + i % 128)
                          .arg(100 + i)
                          .toUtf8());
    return frames;
}

codec::JsonMapping inventoryMapping()
{
    const QJsonObject json{{"match", QJsonObject{{"type", "inventory"}}},
                           {"key", QJsonArray{"sku", "warehouse"}},
                           {"time", "ts"},
                           {"fields", QJsonArray{"on_hand", "delta"}}};
    codec::JsonMapping::Problems problems;
    return *codec::JsonMapping::fromJson(json, &problems);
}

} // namespace

// An argument runs only the cases whose name contains it ("mapping"), e.g. under a profiler.
int main(int argc, char **argv)
{
    const QByteArray only = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    codec::CoinbaseCodec coinbase;
    codec::BinanceCodec binance;
    codec::JsonMappingCodec inventory(inventoryMapping());

    const QList<Case> cases{
        {"coinbase ticker", coinbaseFrames(),
         [&](const QByteArray &f) { return valueCount(coinbase, coinbase.decode(f, 1)); },
         [](const QByteArray &f) {
             return qjsonUpdate(f, {"product_id"}, "time", false,
                                {"price", "best_bid", "best_ask", "best_bid_size", "best_ask_size", "last_size",
                                 "open_24h", "high_24h", "low_24h", "volume_24h"});
         }},
        {"binance 24hrTicker", binanceFrames(),
         [&](const QByteArray &f) { return valueCount(binance, binance.decode(f, 1)); },
         [](const QByteArray &f) {
             return qjsonUpdate(f, {"s"}, "E", true, {"c", "b", "a", "B", "A", "Q", "o", "h", "l", "v", "P"});
         }},
        {"json mapping (inventory)", inventoryFrames(),
         [&](const QByteArray &f) { return valueCount(inventory, inventory.decode(f, 1)); },
         [](const QByteArray &f) { return qjsonUpdate(f, {"sku", "warehouse"}, "ts", false, {"on_hand", "delta"}); }},
    };

    auto median = [](QList<double> values) {
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    std::printf("codec\tFeedDeck median msg/s\tQJsonDocument median msg/s\tmedian ratio\tpair ratios (%d)\n", kPairs);
    for (const Case &c : cases) {
        if (!QByteArray(c.name).contains(only))
            continue;
        QList<double> ours;
        QList<double> theirs;
        QList<double> ratios;
        QByteArray pairs;
        for (int pair = 0; pair < kPairs; ++pair) {
            double a = 0;
            double b = 0;
            if (pair % 2 == 0) {
                a = rate(c.feeddeck, c.frames);
                b = rate(c.qjson, c.frames);
            } else {
                b = rate(c.qjson, c.frames);
                a = rate(c.feeddeck, c.frames);
            }
            ours.append(a);
            theirs.append(b);
            ratios.append(a / b);
            pairs += QByteArray::number(a / b, 'f', 2) + (pair + 1 < kPairs ? " " : "");
        }
        std::printf("%s\t%.0f\t%.0f\t%.2f\t%s\n", c.name, median(ours), median(theirs), median(ratios),
                    pairs.constData());
    }
    return 0;
}
