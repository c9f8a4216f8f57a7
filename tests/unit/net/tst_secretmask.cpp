// Secrets never shown: passwords in addresses, and values taken from the environment.
#include "core/net/SecretMask.h"

#include <QtTest>

using feeddeck::net::SecretMask;

class TstSecretMask : public QObject
{
    Q_OBJECT

private slots:
    void maskedAddressHidesThePasswordOnly_data();
    void maskedAddressHidesThePasswordOnly();
    void rememberedValuesAreHiddenWhereverTheyAppear();
    void veryShortValuesAreNotSearchedFor();
};

void TstSecretMask::maskedAddressHidesThePasswordOnly_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("shown");
    QTest::newRow("proxy with credentials") << "http://alice:s3cret@proxy.corp:3128"
                                            << "http://alice:****@proxy.corp:3128";
    QTest::newRow("socks with credentials") << "socks5://bob:pw@127.0.0.1:1080" << "socks5://bob:****@127.0.0.1:1080";
    QTest::newRow("no credentials") << "http://proxy.corp:3128" << "http://proxy.corp:3128";
    QTest::newRow("user only") << "http://alice@proxy.corp:3128" << "http://alice@proxy.corp:3128";
    QTest::newRow("password with @") << "http://alice:p@ss@proxy.corp:3128" << "http://alice:****@proxy.corp:3128";
    QTest::newRow("feed address") << "wss://bot:t0ken@feed.example/ws?x=1" << "wss://bot:****@feed.example/ws?x=1";
    QTest::newRow("@ in the query is no user info") << "wss://feed.example/ws?mail=a:b@c" << "wss://feed.example/ws?mail=a:b@c";
    QTest::newRow("env references") << "http://${env:PROXY_USER}:${env:PROXY_PASS}@proxy:3128"
                                    << "http://${env:PROXY_USER}:****@proxy:3128";
    QTest::newRow("IPv6 host") << "http://u:p@[::1]:3128" << "http://u:****@[::1]:3128";
}

void TstSecretMask::maskedAddressHidesThePasswordOnly()
{
    QFETCH(QString, address);
    QFETCH(QString, shown);
    QCOMPARE(SecretMask::maskedAddress(address), shown);
}

void TstSecretMask::rememberedValuesAreHiddenWhereverTheyAppear()
{
    SecretMask mask;
    mask.add(QStringLiteral("k3y-abc"));
    mask.add(QStringLiteral("p@ss word"));
    QCOMPARE(mask.apply(QStringLiteral("server error: invalid apikey k3y-abc (k3y-abc)")),
             QStringLiteral("server error: invalid apikey **** (****)"));
    // As it travels in a URL, percent-encoded.
    QCOMPARE(mask.apply(QStringLiteral("refused wss://h/?k=p%40ss%20word")), QStringLiteral("refused wss://h/?k=****"));
    QCOMPARE(mask.apply(QStringLiteral("nothing secret here")), QStringLiteral("nothing secret here"));
}

void TstSecretMask::veryShortValuesAreNotSearchedFor()
{
    SecretMask mask;
    mask.add(QStringLiteral("ab"));
    mask.add(QString());
    QCOMPARE(mask.apply(QStringLiteral("about a cab")), QStringLiteral("about a cab"));
}

QTEST_APPLESS_MAIN(TstSecretMask)

#include "tst_secretmask.moc"
