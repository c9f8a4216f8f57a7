// permessage-deflate negotiation (RFC 7692 section 7) as the client sees it: the offer, and
// every response the server may give, good or bad.
#include "core/ws/PerMessageDeflate.h"

#include <QTest>

using namespace feeddeck::ws;

namespace {

QByteArray head(QByteArrayView extensions)
{
    QByteArray h = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    if (!extensions.isNull())
        h += "Sec-WebSocket-Extensions: " + extensions.toByteArray() + "\r\n";
    return h + "\r\n";
}

const QString kHint = QStringLiteral("; set the feed's \"compression\" to \"off\" if the server cannot negotiate it");

} // namespace

class TstPerMessageDeflate : public QObject
{
    Q_OBJECT

private slots:
    void offerGoesInTheRequestHead();
    void acceptedResponses_data();
    void acceptedResponses();
    void refusedResponses_data();
    void refusedResponses();
    void noExtensionMeansNoCompression();
    void extensionsOverSeveralHeaderLinesAreOneList();
};

void TstPerMessageDeflate::offerGoesInTheRequestHead()
{
    const QByteArray request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    QCOMPARE(withDeflateOffer(request),
             QByteArray("GET / HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Extensions: permessage-deflate; "
                        "client_max_window_bits\r\n\r\n"));
}

void TstPerMessageDeflate::acceptedResponses_data()
{
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<bool>("serverNoTakeover");
    QTest::addColumn<bool>("clientNoTakeover");
    QTest::addColumn<int>("serverBits");
    QTest::addColumn<int>("clientBits");
    QTest::newRow("plain") << QByteArray("permessage-deflate") << false << false << 15 << 15;
    QTest::newRow("server no takeover") << QByteArray("permessage-deflate; server_no_context_takeover") << true
                                        << false << 15 << 15;
    QTest::newRow("both no takeover, windows")
        << QByteArray("Permessage-Deflate;server_no_context_takeover; client_no_context_takeover ;"
                      " server_max_window_bits=10; client_max_window_bits=\"9\"")
        << true << true << 10 << 9;
    QTest::newRow("window 8") << QByteArray("permessage-deflate; server_max_window_bits=8") << false << false << 8 << 15;
}

void TstPerMessageDeflate::acceptedResponses()
{
    QFETCH(QByteArray, extensions);
    DeflateAgreement agreement;
    QCOMPARE(checkExtensions(head(extensions), true, &agreement), QString());
    QVERIFY(agreement.agreed);
    QTEST(agreement.serverNoContextTakeover, "serverNoTakeover");
    QTEST(agreement.clientNoContextTakeover, "clientNoTakeover");
    QTEST(agreement.serverMaxWindowBits, "serverBits");
    QTEST(agreement.clientMaxWindowBits, "clientBits");
}

void TstPerMessageDeflate::refusedResponses_data()
{
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<bool>("offered");
    QTest::addColumn<QString>("problem");
    QTest::newRow("not offered") << QByteArray("permessage-deflate") << false
                                 << "the server chose a WebSocket extension that was not offered";
    QTest::newRow("other extension") << QByteArray("x-webkit-deflate-frame") << true
                                     << "the server chose the WebSocket extension \"x-webkit-deflate-frame\", which "
                                        "was not offered";
    QTest::newRow("two elements") << QByteArray("permessage-deflate, permessage-deflate") << true
                                  << "the server chose more than one WebSocket extension (\"permessage-deflate, "
                                     "permessage-deflate\"); FeedDeck offered only permessage-deflate" + kHint;
    QTest::newRow("unknown parameter") << QByteArray("permessage-deflate; mem_level=9") << true
                                       << "the server's permessage-deflate response has the unknown parameter "
                                          "\"mem_level\" (\"permessage-deflate; mem_level=9\")" + kHint;
    QTest::newRow("repeated parameter")
        << QByteArray("permessage-deflate; server_no_context_takeover; server_no_context_takeover") << true
        << "the server's permessage-deflate response repeats \"server_no_context_takeover\" (\"permessage-deflate; "
           "server_no_context_takeover; server_no_context_takeover\")" + kHint;
    QTest::newRow("window 16") << QByteArray("permessage-deflate; server_max_window_bits=16") << true
                               << "the server's permessage-deflate response has an invalid parameter "
                                  "\"server_max_window_bits=16\" (\"permessage-deflate; server_max_window_bits=16\")"
                                  + kHint;
    QTest::newRow("window 7") << QByteArray("permessage-deflate; client_max_window_bits=7") << true
                              << "the server's permessage-deflate response has an invalid parameter "
                                 "\"client_max_window_bits=7\" (\"permessage-deflate; client_max_window_bits=7\")"
                                 + kHint;
    QTest::newRow("leading zero") << QByteArray("permessage-deflate; server_max_window_bits=09") << true
                                  << "the server's permessage-deflate response has an invalid parameter "
                                     "\"server_max_window_bits=09\" (\"permessage-deflate; "
                                     "server_max_window_bits=09\")" + kHint;
    QTest::newRow("window without value") << QByteArray("permessage-deflate; client_max_window_bits") << true
                                          << "the server's permessage-deflate response has an invalid parameter "
                                             "\"client_max_window_bits\" (\"permessage-deflate; "
                                             "client_max_window_bits\")" + kHint;
    QTest::newRow("value on a flag") << QByteArray("permessage-deflate; client_no_context_takeover=1") << true
                                     << "the server's permessage-deflate response has an invalid parameter "
                                        "\"client_no_context_takeover=1\" (\"permessage-deflate; "
                                        "client_no_context_takeover=1\")" + kHint;
}

void TstPerMessageDeflate::refusedResponses()
{
    QFETCH(QByteArray, extensions);
    QFETCH(bool, offered);
    DeflateAgreement agreement;
    agreement.agreed = true;
    QTEST(checkExtensions(head(extensions), offered, &agreement), "problem");
    QVERIFY(!agreement.agreed);
}

void TstPerMessageDeflate::noExtensionMeansNoCompression()
{
    DeflateAgreement agreement;
    QCOMPARE(checkExtensions(head({}), true, &agreement), QString());
    QVERIFY(!agreement.agreed);
    QCOMPARE(checkExtensions(head({}), false, &agreement), QString());
}

void TstPerMessageDeflate::extensionsOverSeveralHeaderLinesAreOneList()
{
    const QByteArray twoLines = "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
                                "sec-websocket-extensions: permessage-deflate\r\n\r\n";
    DeflateAgreement agreement;
    QVERIFY(checkExtensions(twoLines, true, &agreement).startsWith(QStringLiteral("the server chose more than one")));
}

QTEST_APPLESS_MAIN(TstPerMessageDeflate)
#include "tst_permessagedeflate.moc"
