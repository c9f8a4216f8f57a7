#include "core/codec/SymbolCache.h"

#include <QtTest>

using feeddeck::codec::SymbolCache;

class TstSymbolCache : public QObject
{
    Q_OBJECT

private slots:
    void knownBytesGiveTheSameSharedString();
    void upperCaseCacheUpperCasesOnce();
    void manySymbolsAllStayFindable();
    void cacheNeverHoldsMoreThanItsLimit();
    void nonAsciiBytesAreDecodedAsUtf8();
    void controlCharactersAndInvalidUtf8BecomeReplacementCharacters();
};

void TstSymbolCache::knownBytesGiveTheSameSharedString()
{
    SymbolCache cache;
    const QString first = cache.symbol("BTC-USD");
    const QString again = cache.symbol("BTC-USD");
    QCOMPARE(first, QStringLiteral("BTC-USD"));
    QCOMPARE(again.constData(), first.constData()); // shared, not made again
    QCOMPARE(cache.symbol("ETH-USD"), QStringLiteral("ETH-USD"));
    QCOMPARE(cache.size(), std::size_t(2));
}

void TstSymbolCache::upperCaseCacheUpperCasesOnce()
{
    SymbolCache cache(SymbolCache::Case::Upper);
    QCOMPARE(cache.symbol("btcusdt"), QStringLiteral("BTCUSDT"));
    QCOMPARE(cache.symbol("BTCUSDT"), QStringLiteral("BTCUSDT"));
    QCOMPARE(cache.symbol("btcusdt"), QStringLiteral("BTCUSDT"));
}

void TstSymbolCache::manySymbolsAllStayFindable()
{
    SymbolCache cache;
    QList<QByteArray> names;
    for (int i = 0; i < 3000; ++i)
        names.append("SKU-" + QByteArray::number(i) + "/WH-" + QByteArray::number(i % 7));
    for (const QByteArray &name : names)
        QCOMPARE(cache.symbol(std::string_view(name.constData(), std::size_t(name.size()))), QString::fromUtf8(name));
    QCOMPARE(cache.size(), std::size_t(names.size()));
    for (const QByteArray &name : names)
        QCOMPARE(cache.symbol(std::string_view(name.constData(), std::size_t(name.size()))), QString::fromUtf8(name));
    QCOMPARE(cache.size(), std::size_t(names.size()));
}

// A feed that invents a new symbol in every message must not grow the cache without bound.
void TstSymbolCache::cacheNeverHoldsMoreThanItsLimit()
{
    SymbolCache cache;
    for (int i = 0; i < int(SymbolCache::kMaxSymbols) * 3; ++i) {
        const QByteArray name = "junk-" + QByteArray::number(i);
        QCOMPARE(cache.symbol(std::string_view(name.constData(), std::size_t(name.size()))), QString::fromUtf8(name));
        QVERIFY(cache.size() <= SymbolCache::kMaxSymbols);
    }
    QCOMPARE(cache.symbol("junk-1"), QStringLiteral("junk-1"));
}

void TstSymbolCache::nonAsciiBytesAreDecodedAsUtf8()
{
    SymbolCache cache;
    QCOMPARE(cache.symbol("caf\xc3\xa9"), QStringLiteral("caf\u00e9"));
}

void TstSymbolCache::controlCharactersAndInvalidUtf8BecomeReplacementCharacters()
{
    SymbolCache cache;
    QCOMPARE(cache.symbol(std::string_view("A\x07" "B\tC\r\nD\x7f", 9)), QStringLiteral("A\uFFFDB\uFFFDC\uFFFD\uFFFDD\uFFFD"));
    QCOMPARE(cache.symbol("bad\xff"), QStringLiteral("bad\uFFFD"));
    QCOMPARE(cache.symbol("rtl\xe2\x80\xae" "x"), QStringLiteral("rtl\uFFFDx")); // U+202E right-to-left override
    QCOMPARE(cache.symbol("\xc2\x85"), QStringLiteral("\uFFFD"));                // U+0085, a C1 control
}

QTEST_APPLESS_MAIN(TstSymbolCache)

#include "tst_symbolcache.moc"
