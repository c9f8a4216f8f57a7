#include "core/codec/nats/NatsSubject.h"

#include <QTest>

#include <optional>

using namespace feeddeck::codec::nats;

class TstNatsSubject : public QObject
{
    Q_OBJECT

private slots:
    void escapesOnlyWhatASubjectTokenCannotHold_data();
    void escapesOnlyWhatASubjectTokenCannotHold();
    void everyByteValueRoundTrips();
    void unescapeRejectsTokensEscapeNeverMakes_data();
    void unescapeRejectsTokensEscapeNeverMakes();
    void updateAndStatusSubjectsEscapeFeedAndKey();
    void parseSubjectReadsFromTheRight_data();
    void parseSubjectReadsFromTheRight();
    void parseSubjectRejectsShortOrBrokenSubjects_data();
    void parseSubjectRejectsShortOrBrokenSubjects();
    void madeSubjectsParseBack_data();
    void madeSubjectsParseBack();
    void isValidPrefixAcceptsDottedNamesOnly_data();
    void isValidPrefixAcceptsDottedNamesOnly();
    void isValidPatternAcceptsWhatNatsSubscribesTo_data();
    void isValidPatternAcceptsWhatNatsSubscribesTo();
    void isValidPatternSaysWhatIsWrong_data();
    void isValidPatternSaysWhatIsWrong();
};

void TstNatsSubject::escapesOnlyWhatASubjectTokenCannotHold_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("token");

    QTest::newRow("plain symbol") << QStringLiteral("BTC-USD") << QByteArray("BTC-USD");
    QTest::newRow("slashes stay") << QStringLiteral("SKU-1/WH-EAST") << QByteArray("SKU-1/WH-EAST");
    QTest::newRow("empty text") << QString() << QByteArray("%");
    QTest::newRow("dot") << QStringLiteral("a.b") << QByteArray("a%2Eb");
    QTest::newRow("star") << QStringLiteral("*") << QByteArray("%2A");
    QTest::newRow("greater than") << QStringLiteral("a>") << QByteArray("a%3E");
    QTest::newRow("percent") << QStringLiteral("100%") << QByteArray("100%25");
    QTest::newRow("percent that looks escaped") << QStringLiteral("%2E") << QByteArray("%252E");
    QTest::newRow("space") << QStringLiteral("a b") << QByteArray("a%20b");
    QTest::newRow("tab") << QStringLiteral("\t") << QByteArray("%09");
    QTest::newRow("cr lf") << QStringLiteral("\r\n") << QByteArray("%0D%0A");
    QTest::newRow("nul") << QString(QChar(0)) << QByteArray("%00");
    QTest::newRow("unit separator") << QStringLiteral("\x1f") << QByteArray("%1F");
    QTest::newRow("DEL") << QStringLiteral("\x7f") << QByteArray("%7F");
    QTest::newRow("tilde stays") << QStringLiteral("~") << QByteArray("~");
    QTest::newRow("e acute") << QStringLiteral("caf\u00e9") << QByteArray("caf%C3%A9");
    QTest::newRow("japanese") << QStringLiteral("\u65e5\u672c") << QByteArray("%E6%97%A5%E6%9C%AC");
    QTest::newRow("emoji") << QString::fromUtf8("\xF0\x9F\x9A\x80") << QByteArray("%F0%9F%9A%80");
    QTest::newRow("leading dollar") << QStringLiteral("$status") << QByteArray("%24status");
    QTest::newRow("dollar later stays") << QStringLiteral("a$b$") << QByteArray("a$b$");
    QTest::newRow("two dollars") << QStringLiteral("$$") << QByteArray("%24$");
    QTest::newRow("mixed") << QStringLiteral("ETH.USD *spot*") << QByteArray("ETH%2EUSD%20%2Aspot%2A");
}

void TstNatsSubject::escapesOnlyWhatASubjectTokenCannotHold()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, token);
    QCOMPARE(escapeToken(text), token);
    const std::optional<QString> back = unescapeToken(token);
    QVERIFY(back.has_value());
    QCOMPARE(*back, text);
    // The subject builders take the same path for plain text and escaped text.
    QCOMPARE(updateSubject("p", text, u"k"), QByteArray("p." + token + ".k"));
    QCOMPARE(updateSubject("p", u"f", text), QByteArray("p.f." + token));
}

void TstNatsSubject::everyByteValueRoundTrips()
{
    // Each code point below 0x100 alone, at the start, in the middle and at the end.
    for (char16_t c = 0; c < 0x100; ++c) {
        const QString one(QChar{c});
        for (const QString &text : QStringList{one, one + u'x', QLatin1Char('x') + one + u'y', QStringLiteral("xy") + one}) {
            const QByteArray token = escapeToken(text);
            QVERIFY2(!token.isEmpty(), qPrintable(QString::number(c)));
            for (const char byte : token) {
                const auto b = static_cast<unsigned char>(byte);
                QVERIFY2(b > 0x20 && b < 0x7F && b != '.' && b != '*' && b != '>', token.constData());
            }
            QVERIFY2(!token.startsWith('$'), token.constData());
            const std::optional<QString> back = unescapeToken(token);
            QVERIFY2(back.has_value(), token.constData());
            QCOMPARE(*back, text);
        }
    }
}

void TstNatsSubject::unescapeRejectsTokensEscapeNeverMakes_data()
{
    QTest::addColumn<QByteArray>("token");

    QTest::newRow("empty token") << QByteArray();
    QTest::newRow("percent at the end") << QByteArray("ab%");
    QTest::newRow("percent and one digit") << QByteArray("ab%4");
    QTest::newRow("percent with one digit then end") << QByteArray("%2");
    QTest::newRow("not hex") << QByteArray("%G0");
    QTest::newRow("not hex second") << QByteArray("%2G");
    QTest::newRow("sign in hex") << QByteArray("%+2");
    // escapeToken writes upper-case hex only: one text has one token, so "%2e" would be a
    // second subject for "." that a subscription to the first one never sees.
    QTest::newRow("lower-case hex") << QByteArray("a%2eb");
    QTest::newRow("lower-case hex in UTF-8") << QByteArray("caf%c3%a9");
    QTest::newRow("needless escape of a letter") << QByteArray("%41");
    QTest::newRow("needless escape of a dash") << QByteArray("%2D");
    QTest::newRow("escaped dollar not leading") << QByteArray("a%24");
    QTest::newRow("raw leading dollar") << QByteArray("$abc");
    QTest::newRow("raw status token") << QByteArray("$status");
    QTest::newRow("raw dot") << QByteArray("a.b");
    QTest::newRow("raw star") << QByteArray("*");
    QTest::newRow("raw greater than") << QByteArray(">");
    QTest::newRow("raw space") << QByteArray("a b");
    QTest::newRow("raw tab") << QByteArray("a\tb");
    QTest::newRow("raw nul") << QByteArray("a\0b", 3);
    QTest::newRow("raw DEL") << QByteArray("a\x7f");
    QTest::newRow("raw UTF-8") << QByteArray("caf\xC3\xA9");
    QTest::newRow("two percents") << QByteArray("%%");
    QTest::newRow("escaped lone continuation byte") << QByteArray("%80");
    QTest::newRow("escaped truncated sequence") << QByteArray("%C3");
    QTest::newRow("escaped overlong slash") << QByteArray("%C0%AF");
    QTest::newRow("escaped overlong three-byte") << QByteArray("%E0%80%AE");
    QTest::newRow("escaped surrogate") << QByteArray("%ED%A0%80");
    QTest::newRow("escaped above U+10FFFF") << QByteArray("%F4%90%80%80");
    QTest::newRow("escaped F5 lead") << QByteArray("%F5%80%80%80");
    QTest::newRow("escaped FF") << QByteArray("%FF");
    QTest::newRow("escaped lead then ASCII") << QByteArray("%C3A");
}

void TstNatsSubject::unescapeRejectsTokensEscapeNeverMakes()
{
    QFETCH(QByteArray, token);
    const std::optional<QString> text = unescapeToken(token);
    QVERIFY2(!text.has_value(), qPrintable(text.value_or(QString())));
}

void TstNatsSubject::updateAndStatusSubjectsEscapeFeedAndKey()
{
    QCOMPARE(updateSubject("feeddeck", u"coinbase", u"BTC-USD"), QByteArray("feeddeck.coinbase.BTC-USD"));
    QCOMPARE(updateSubject("desk.eu-1", u"my feed", u"ETH.USD"), QByteArray("desk.eu-1.my%20feed.ETH%2EUSD"));
    QCOMPARE(updateSubject("p", u"", u""), QByteArray("p.%.%"));
    QCOMPARE(updateSubject("p", u"$status", u"$status"), QByteArray("p.%24status.%24status"));
    QCOMPARE(statusSubject("feeddeck", u"coinbase"), QByteArray("feeddeck.coinbase.$status"));
    QCOMPARE(statusSubject("a.b.c", u"caf\u00e9"), QByteArray("a.b.c.caf%C3%A9.$status"));
    QCOMPARE(statusSubject("p", u""), QByteArray("p.%.$status"));
}

void TstNatsSubject::parseSubjectReadsFromTheRight_data()
{
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QString>("feedId");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("isStatus");

    QTest::newRow("one-token prefix") << QByteArray("feeddeck.coinbase.BTC-USD") << QStringLiteral("coinbase")
                                      << QStringLiteral("BTC-USD") << false;
    QTest::newRow("three-token prefix") << QByteArray("desk.eu.prod.coinbase.BTC-USD") << QStringLiteral("coinbase")
                                        << QStringLiteral("BTC-USD") << false;
    QTest::newRow("escaped feed and key") << QByteArray("p.my%20feed.ETH%2EUSD") << QStringLiteral("my feed")
                                          << QStringLiteral("ETH.USD") << false;
    QTest::newRow("empty feed and key") << QByteArray("p.%.%") << QString() << QString() << false;
    QTest::newRow("status") << QByteArray("feeddeck.coinbase.$status") << QStringLiteral("coinbase") << QString()
                            << true;
    QTest::newRow("status, long prefix") << QByteArray("a.b.c.d.caf%C3%A9.$status") << QStringLiteral("caf\u00e9")
                                         << QString() << true;
    QTest::newRow("a key named $status") << QByteArray("p.f.%24status") << QStringLiteral("f")
                                         << QStringLiteral("$status") << false;
    QTest::newRow("a feed named $status") << QByteArray("p.%24status.$status") << QStringLiteral("$status")
                                          << QString() << true;
    QTest::newRow("non-ASCII key") << QByteArray("p.f.%E6%97%A5%E6%9C%AC") << QStringLiteral("f")
                                   << QStringLiteral("\u65e5\u672c") << false;
}

void TstNatsSubject::parseSubjectReadsFromTheRight()
{
    QFETCH(QByteArray, subject);
    QFETCH(QString, feedId);
    QFETCH(QString, key);
    QFETCH(bool, isStatus);
    const std::optional<SubjectParts> parts = parseSubject(subject);
    QVERIFY(parts.has_value());
    QCOMPARE(parts->feedId, feedId);
    QCOMPARE(parts->key, key);
    QCOMPARE(parts->isStatus, isStatus);
}

void TstNatsSubject::parseSubjectRejectsShortOrBrokenSubjects_data()
{
    QTest::addColumn<QByteArray>("subject");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one token") << QByteArray("feeddeck");
    QTest::newRow("two tokens") << QByteArray("coinbase.BTC-USD");
    QTest::newRow("two tokens, status") << QByteArray("coinbase.$status");
    QTest::newRow("empty prefix") << QByteArray(".coinbase.BTC-USD");
    QTest::newRow("dot alone") << QByteArray(".");
    QTest::newRow("dots only") << QByteArray("..");
    QTest::newRow("three dots") << QByteArray("...");
    QTest::newRow("empty feed token") << QByteArray("p..BTC-USD");
    QTest::newRow("empty key token") << QByteArray("p.coinbase.");
    QTest::newRow("empty token inside the prefix") << QByteArray("a..b.f.k");
    QTest::newRow("prefix with a leading dot") << QByteArray(".a.f.k");
    QTest::newRow("feed not unescapable") << QByteArray("p.%2e.k");
    QTest::newRow("key not unescapable") << QByteArray("p.f.%4");
    QTest::newRow("key with a raw dollar") << QByteArray("p.f.$other");
    QTest::newRow("status of a bad feed") << QByteArray("p.$x.$status");
    QTest::newRow("wildcard key") << QByteArray("p.f.*");
    QTest::newRow("wildcard feed") << QByteArray("p.>.k");
}

void TstNatsSubject::parseSubjectRejectsShortOrBrokenSubjects()
{
    QFETCH(QByteArray, subject);
    const std::optional<SubjectParts> parts = parseSubject(subject);
    QVERIFY2(!parts.has_value(), qPrintable(parts ? parts->feedId + u'|' + parts->key : QString()));
}

void TstNatsSubject::madeSubjectsParseBack_data()
{
    QTest::addColumn<QString>("feedId");
    QTest::addColumn<QString>("key");

    QTest::newRow("plain") << QStringLiteral("coinbase") << QStringLiteral("BTC-USD");
    QTest::newRow("dots and wildcards") << QStringLiteral("a.b*c>") << QStringLiteral(">.*");
    QTest::newRow("empty both") << QString() << QString();
    QTest::newRow("dollars") << QStringLiteral("$status") << QStringLiteral("$x");
    QTest::newRow("controls") << QStringLiteral("\x01\x02") << QStringLiteral("\r\n\t ");
    QTest::newRow("non-ASCII") << QStringLiteral("\u00e9\u65e5") << QString::fromUtf8("\xF0\x9F\x98\x80");
}

void TstNatsSubject::madeSubjectsParseBack()
{
    QFETCH(QString, feedId);
    QFETCH(QString, key);
    for (const QByteArray &prefix : {QByteArray("p"), QByteArray("desk.eu-1.prod")}) {
        const std::optional<SubjectParts> update = parseSubject(updateSubject(prefix, feedId, key));
        QVERIFY(update.has_value());
        QCOMPARE(update->feedId, feedId);
        QCOMPARE(update->key, key);
        QVERIFY(!update->isStatus);
        const std::optional<SubjectParts> status = parseSubject(statusSubject(prefix, feedId));
        QVERIFY(status.has_value());
        QCOMPARE(status->feedId, feedId);
        QCOMPARE(status->key, QString());
        QVERIFY(status->isStatus);
    }
}

void TstNatsSubject::isValidPrefixAcceptsDottedNamesOnly_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("valid");

    QTest::newRow("one token") << QStringLiteral("feeddeck") << true;
    QTest::newRow("several tokens") << QStringLiteral("desk.eu-1.prod_2") << true;
    QTest::newRow("digits") << QStringLiteral("0.1") << true;
    QTest::newRow("single character") << QStringLiteral("a") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading dot") << QStringLiteral(".a") << false;
    QTest::newRow("trailing dot") << QStringLiteral("a.") << false;
    QTest::newRow("two dots") << QStringLiteral("a..b") << false;
    QTest::newRow("dot alone") << QStringLiteral(".") << false;
    QTest::newRow("star") << QStringLiteral("a.*") << false;
    QTest::newRow("greater than") << QStringLiteral("a.>") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("tab") << QStringLiteral("a\tb") << false;
    QTest::newRow("dollar") << QStringLiteral("$SYS") << false;
    QTest::newRow("percent") << QStringLiteral("a%20") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("non-ASCII letter") << QStringLiteral("caf\u00e9") << false;
}

void TstNatsSubject::isValidPrefixAcceptsDottedNamesOnly()
{
    QFETCH(QString, prefix);
    QFETCH(bool, valid);
    QCOMPARE(isValidPrefix(prefix), valid);
}

void TstNatsSubject::isValidPatternAcceptsWhatNatsSubscribesTo_data()
{
    QTest::addColumn<QString>("pattern");

    QTest::newRow("literal") << QStringLiteral("feeddeck.coinbase.BTC-USD");
    QTest::newRow("full wildcard") << QStringLiteral(">");
    QTest::newRow("trailing full wildcard") << QStringLiteral("feeddeck.>");
    QTest::newRow("token wildcards") << QStringLiteral("feeddeck.*.*");
    QTest::newRow("both") << QStringLiteral("*.coinbase.>");
    QTest::newRow("status") << QStringLiteral("feeddeck.*.$status");
    QTest::newRow("escaped tokens") << QStringLiteral("p.my%20feed.ETH%2EUSD");
    QTest::newRow("non-ASCII") << QStringLiteral("p.caf\u00e9.*");
}

void TstNatsSubject::isValidPatternAcceptsWhatNatsSubscribesTo()
{
    QFETCH(QString, pattern);
    QString why = QStringLiteral("left over");
    QVERIFY(isValidPattern(pattern, &why));
    QCOMPARE(why, QString());
    QVERIFY(isValidPattern(pattern));
}

void TstNatsSubject::isValidPatternSaysWhatIsWrong_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("why");

    const QString whitespace = QStringLiteral("a subject cannot hold whitespace or control characters");
    QTest::newRow("empty") << QString() << QStringLiteral("the subject is empty");
    QTest::newRow("leading dot") << QStringLiteral(".a")
                                 << QStringLiteral("\".a\" has an empty token (a dot at the start or the end, or two "
                                                   "dots in a row)");
    QTest::newRow("trailing dot") << QStringLiteral("a.")
                                  << QStringLiteral("\"a.\" has an empty token (a dot at the start or the end, or two "
                                                    "dots in a row)");
    QTest::newRow("two dots") << QStringLiteral("a..b")
                              << QStringLiteral("\"a..b\" has an empty token (a dot at the start or the end, or two "
                                                "dots in a row)");
    QTest::newRow("dot alone") << QStringLiteral(".")
                               << QStringLiteral("\".\" has an empty token (a dot at the start or the end, or two "
                                                 "dots in a row)");
    QTest::newRow("star inside a token") << QStringLiteral("feeddeck.BTC*")
                                         << QStringLiteral("\"feeddeck.BTC*\": \"*\" must be a whole token, as in "
                                                           "\"a.*.c\"");
    QTest::newRow("two stars") << QStringLiteral("a.**")
                               << QStringLiteral("\"a.**\": \"*\" must be a whole token, as in \"a.*.c\"");
    QTest::newRow("greater than not last") << QStringLiteral("a.>.c")
                                           << QStringLiteral("\"a.>.c\": \">\" can only be the last token");
    QTest::newRow("greater than first of two") << QStringLiteral(">.a")
                                               << QStringLiteral("\">.a\": \">\" can only be the last token");
    QTest::newRow("greater than inside a token") << QStringLiteral("a.b>")
                                                 << QStringLiteral("\"a.b>\": \">\" must be a whole token, as in "
                                                                   "\"a.>\"");
    QTest::newRow("star and greater than") << QStringLiteral("a.*>")
                                           << QStringLiteral("\"a.*>\": \">\" must be a whole token, as in \"a.>\"");
    QTest::newRow("space") << QStringLiteral("feeddeck.my feed.*") << whitespace;
    QTest::newRow("tab") << QStringLiteral("a.\t") << whitespace;
    QTest::newRow("newline") << QStringLiteral("a.b\n") << whitespace;
    QTest::newRow("carriage return") << QStringLiteral("a.b\r") << whitespace;
    QTest::newRow("form feed") << QStringLiteral("a.\fb") << whitespace;
    QTest::newRow("no-break space") << QStringLiteral("a.\u00a0") << whitespace;
    QTest::newRow("nul") << QString(QStringLiteral("a.") + QChar(0)) << whitespace;
    QTest::newRow("escape") << QStringLiteral("a.\x1b") << whitespace;
    QTest::newRow("DEL") << QStringLiteral("a.b\x7f") << whitespace;
    // Whitespace is named even where the tokens are wrong as well.
    QTest::newRow("whitespace before an empty token") << QStringLiteral(" ..") << whitespace;
    QTest::newRow("a percent sign is quoted as it is") << QStringLiteral("%1..%2")
                                                       << QStringLiteral("\"%1..%2\" has an empty token (a dot at the "
                                                                         "start or the end, or two dots in a row)");
}

void TstNatsSubject::isValidPatternSaysWhatIsWrong()
{
    QFETCH(QString, pattern);
    QFETCH(QString, why);
    QString said;
    QVERIFY(!isValidPattern(pattern, &said));
    QCOMPARE(said, why);
    QVERIFY(!isValidPattern(pattern)); // and without a place for the reason
}

QTEST_APPLESS_MAIN(TstNatsSubject)

#include "tst_natssubject.moc"
