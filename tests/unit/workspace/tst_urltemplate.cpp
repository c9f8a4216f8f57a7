// Feed addresses with ${env:NAME}: kept as written, expanded only when connecting.
#include "core/workspace/UrlTemplate.h"

#include <QtTest>

using namespace feeddeck::workspace;

class TstUrlTemplate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void referencesSurviveParsingInEveryPart_data();
    void referencesSurviveParsingInEveryPart();
    void expansionFillsInTheValuesAndListsThem();
    void missingVariablesAreNamed();
    void addressWithoutReferencesIsUnchanged();
};

void TstUrlTemplate::init()
{
    qputenv("FD_URL_KEY", "k3y/with+plus");
    qputenv("FD_URL_USER", "bot");
    qputenv("FD_URL_PASS", "p:ss");
}

void TstUrlTemplate::referencesSurviveParsingInEveryPart_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("query") << "wss://h.example/ws?apikey=${env:FD_URL_KEY}&x=%20";
    QTest::newRow("path") << "wss://h.example/${env:FD_URL_KEY}/stream";
    QTest::newRow("user info") << "wss://${env:FD_URL_USER}:${env:FD_URL_PASS}@h.example:9443/ws";
}

void TstUrlTemplate::referencesSurviveParsingInEveryPart()
{
    QFETCH(QString, text);
    const QUrl url = urlFromTemplate(text);
    QVERIFY(url.isValid());
    QCOMPARE(url.host(), QStringLiteral("h.example"));
    QVERIFY(hasEnvReference(url));
    QCOMPARE(templateText(url), text);
}

void TstUrlTemplate::expansionFillsInTheValuesAndListsThem()
{
    const UrlExpansion query = expandUrl(urlFromTemplate(QStringLiteral("wss://h.example/ws?apikey=${env:FD_URL_KEY}")));
    QVERIFY(query.missing.isEmpty());
    QCOMPARE(query.url.query(QUrl::FullyDecoded), QStringLiteral("apikey=k3y/with+plus"));
    QCOMPARE(query.values, QStringList{QStringLiteral("k3y/with+plus")});

    const UrlExpansion userInfo =
        expandUrl(urlFromTemplate(QStringLiteral("wss://${env:FD_URL_USER}:${env:FD_URL_PASS}@h.example/ws")));
    QCOMPARE(userInfo.url.userName(), QStringLiteral("bot"));
    QCOMPARE(userInfo.url.host(), QStringLiteral("h.example"));
    QCOMPARE(userInfo.values, (QStringList{QStringLiteral("bot"), QStringLiteral("p:ss")}));
}

void TstUrlTemplate::missingVariablesAreNamed()
{
    const UrlExpansion e = expandUrl(urlFromTemplate(QStringLiteral("wss://h.example/ws?k=${env:FD_URL_NOT_SET_ANYWHERE}")));
    QCOMPARE(e.missing, QStringList{QStringLiteral("FD_URL_NOT_SET_ANYWHERE")});
}

void TstUrlTemplate::addressWithoutReferencesIsUnchanged()
{
    const QUrl plain(QStringLiteral("wss://h.example:8443/ws?x=1&y=%20"));
    QVERIFY(!hasEnvReference(plain));
    QCOMPARE(expandUrl(plain).url, plain);
    QCOMPARE(templateText(plain), QStringLiteral("wss://h.example:8443/ws?x=1&y=%20"));
}

QTEST_APPLESS_MAIN(TstUrlTemplate)

#include "tst_urltemplate.moc"
