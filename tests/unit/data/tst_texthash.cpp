#include "core/data/TextHash.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <set>
#include <vector>

using namespace feeddeck::data;

class TstTextHash : public QObject
{
    Q_OBJECT

private slots:
    void everyByteOfTheKeyChangesTheHash_data()
    {
        QTest::addColumn<int>("length");
        // Every path: empty, 1-3 bytes, 4-7, exactly 8, and whole words with 1-8 tail bytes.
        for (int length : {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 23, 24, 31, 40})
            QTest::addRow("%d bytes", length) << length;
    }

    void everyByteOfTheKeyChangesTheHash()
    {
        QFETCH(int, length);
        std::vector<unsigned char> key(std::size_t(length), 'A');
        const std::size_t base = hashBytes(key.data(), key.size());
        for (int at = 0; at < length; ++at) {
            for (unsigned char other : {'B', 'a', '\0', '\xff'}) {
                key[std::size_t(at)] = other;
                QVERIFY2(hashBytes(key.data(), key.size()) != base,
                         qPrintable(QStringLiteral("byte %1 set to %2 left the hash as it was").arg(at).arg(int(other))));
                key[std::size_t(at)] = 'A';
            }
        }
    }

    void keysThatDifferOnlyInLengthHashApart()
    {
        const char zeros[16] = {};
        std::set<std::size_t> hashes;
        for (std::size_t length = 0; length <= sizeof zeros; ++length)
            hashes.insert(hashBytes(zeros, length));
        QCOMPARE(hashes.size(), sizeof zeros + 1);
    }

    void symbolsOfAFeedSpreadOverTheLowBits()
    {
        // Open-addressing tables index by the low bits: 4096 symbols of one pattern over
        // 4096 buckets should land about as a random spread would, not in clusters.
        std::vector<int> buckets(4096, 0);
        std::set<std::size_t> hashes;
        for (int i = 0; i < 4096; ++i) {
            const QString symbol = QStringLiteral("SYM%1-USD").arg(i, 4, 10, QLatin1Char('0'));
            const std::size_t h = hashText(symbol);
            hashes.insert(h);
            ++buckets[h & 4095];
        }
        QCOMPARE(hashes.size(), 4096u);
        const int fullest = *std::max_element(buckets.begin(), buckets.end());
        const auto empty = std::count(buckets.begin(), buckets.end(), 0);
        // A random spread: about 4096/e = 1507 empty buckets and a fullest slot of 6 or 7.
        QVERIFY2(fullest <= 9, qPrintable(QStringLiteral("a slot took %1 symbols").arg(fullest)));
        QVERIFY2(empty > 1300 && empty < 1700, qPrintable(QStringLiteral("%1 empty buckets").arg(empty)));
    }

    void aTextHashesAsItsUtf16Bytes()
    {
        const QString text = QStringLiteral("ETH-USD");
        QCOMPARE(hashText(text), hashBytes(text.utf16(), std::size_t(text.size()) * 2));
        QCOMPARE(hashText(QStringView(text).left(3)), hashText(QStringLiteral("ETH")));
    }
};

QTEST_APPLESS_MAIN(TstTextHash)
#include "tst_texthash.moc"
