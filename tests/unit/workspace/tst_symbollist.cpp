// Adding typed or pasted symbols to a feed's subscription list.
#include "core/workspace/SymbolList.h"
#include "core/workspace/WorkspaceParser.h"

#include <QtTest>

using namespace feeddeck::workspace;

class TstSymbolList : public QObject
{
    Q_OBJECT

private slots:
    void splitsOnEverySeparatorPeopleUse_data();
    void splitsOnEverySeparatorPeopleUse();
    void keepsExistingOrderAndSkipsDuplicates();
    void refusesOverlongAndControlCharacterSymbolsWithAReason();
    void stopsAtTheFeedLimitAndSaysHowManyWereLeftOut();
    void emptyTextChangesNothing();
};

void TstSymbolList::splitsOnEverySeparatorPeopleUse_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("commas") << "BTC-USD,ETH-USD,SOL-USD";
    QTest::newRow("comma and space") << "BTC-USD, ETH-USD,  SOL-USD";
    QTest::newRow("spaces") << "BTC-USD ETH-USD SOL-USD";
    QTest::newRow("lines") << "BTC-USD\nETH-USD\nSOL-USD\n";
    QTest::newRow("windows lines") << "BTC-USD\r\nETH-USD\r\nSOL-USD\r\n";
    QTest::newRow("spreadsheet column with tabs") << "\tBTC-USD\t\nETH-USD\t\nSOL-USD";
    QTest::newRow("semicolons") << "BTC-USD;ETH-USD;SOL-USD";
    QTest::newRow("mixed with empty pieces") << ",, BTC-USD ;\n\n ETH-USD,,SOL-USD ,";
}

void TstSymbolList::splitsOnEverySeparatorPeopleUse()
{
    QFETCH(QString, text);
    const SymbolListEdit edit = addSymbols({}, text);
    const QStringList expected{"BTC-USD", "ETH-USD", "SOL-USD"};
    QCOMPARE(edit.symbols, expected);
    QCOMPARE(edit.added, expected);
    QVERIFY(edit.skipped.isEmpty());
    QVERIFY(edit.problems.isEmpty());
}

void TstSymbolList::keepsExistingOrderAndSkipsDuplicates()
{
    const SymbolListEdit edit = addSymbols({"ETH-USD", "BTC-USD"}, "ADA-USD BTC-USD ADA-USD XRP-USD");
    QCOMPARE(edit.symbols, QStringList({"ETH-USD", "BTC-USD", "ADA-USD", "XRP-USD"}));
    QCOMPARE(edit.added, QStringList({"ADA-USD", "XRP-USD"}));
    QCOMPARE(edit.skipped, QStringList({"BTC-USD", "ADA-USD"}));
    QVERIFY(edit.problems.isEmpty());
    // Symbols are case-sensitive as venues write them; Binance upper-cases on its own.
    QCOMPARE(addSymbols({"btcusdt"}, "BTCUSDT").added, QStringList({"BTCUSDT"}));
}

void TstSymbolList::refusesOverlongAndControlCharacterSymbolsWithAReason()
{
    const QString longSymbol(kMaxSymbolLength + 1, u'A');
    const QString withBell = QStringLiteral("BTC\u0007USD");
    const SymbolListEdit edit = addSymbols({}, "ETH-USD " + longSymbol + " " + withBell);
    QCOMPARE(edit.symbols, QStringList({"ETH-USD"}));
    QCOMPARE(edit.problems.size(), 2);
    QVERIFY2(edit.problems.at(0).contains(QStringLiteral("%1 characters long").arg(kMaxSymbolLength + 1)),
             qPrintable(edit.problems.at(0)));
    QVERIFY2(edit.problems.at(0).contains(QStringLiteral("at most %1").arg(kMaxSymbolLength)), qPrintable(edit.problems.at(0)));
    QVERIFY2(edit.problems.at(1).contains(QStringLiteral("control character")), qPrintable(edit.problems.at(1)));
    QVERIFY(!edit.problems.at(1).contains(QChar(0x07)));
}

void TstSymbolList::stopsAtTheFeedLimitAndSaysHowManyWereLeftOut()
{
    QStringList existing;
    for (qsizetype i = 0; i < kMaxSymbolsPerFeed - 2; ++i)
        existing.append(QStringLiteral("S%1").arg(i));
    const SymbolListEdit edit = addSymbols(existing, "NEW-1 NEW-2 NEW-3 NEW-4 NEW-5");
    QCOMPARE(edit.symbols.size(), kMaxSymbolsPerFeed);
    QCOMPARE(edit.added, QStringList({"NEW-1", "NEW-2"}));
    QCOMPARE(edit.problems.size(), 1);
    QVERIFY2(edit.problems.constFirst().startsWith(QStringLiteral("3 symbols were not added")),
             qPrintable(edit.problems.constFirst()));
}

void TstSymbolList::emptyTextChangesNothing()
{
    const SymbolListEdit edit = addSymbols({"BTC-USD"}, " ,\n\t ");
    QCOMPARE(edit.symbols, QStringList({"BTC-USD"}));
    QVERIFY(edit.added.isEmpty());
    QVERIFY(edit.skipped.isEmpty());
    QVERIFY(edit.problems.isEmpty());
}

QTEST_GUILESS_MAIN(TstSymbolList)
#include "tst_symbollist.moc"
