// no_proxy as curl reads it, plus ports in entries.
#include "core/net/NoProxyList.h"

#include <QtTest>

using feeddeck::net::NoProxyList;

class TstNoProxyList : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void emptyValueMatchesNothing();
};

void TstNoProxyList::matches_data()
{
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("bypass");

    // Names: the host itself and its subdomains, on a label boundary.
    QTest::newRow("same name") << "example.com" << "example.com" << 443 << true;
    QTest::newRow("subdomain") << "example.com" << "api.example.com" << 443 << true;
    QTest::newRow("not a label boundary") << "example.com" << "notexample.com" << 443 << false;
    QTest::newRow("parent of the entry") << "api.example.com" << "example.com" << 443 << false;
    QTest::newRow("leading dot, subdomain") << ".example.com" << "ws.example.com" << 443 << true;
    QTest::newRow("leading dot, the domain itself") << ".example.com" << "example.com" << 443 << true;
    QTest::newRow("case") << "Example.COM" << "API.example.com" << 443 << true;
    QTest::newRow("trailing dot") << "example.com." << "api.example.com" << 443 << true;
    QTest::newRow("list with spaces and commas") << "foo.test, bar.test ,baz.test" << "x.bar.test" << 443 << true;
    QTest::newRow("list without the host") << "foo.test,bar.test" << "feed.test" << 443 << false;
    QTest::newRow("space separated") << "foo.test bar.test" << "bar.test" << 443 << true;

    // "*" alone means every host; inside a name it is not a wildcard.
    QTest::newRow("star") << "*" << "anything.example" << 80 << true;
    QTest::newRow("star in a list") << "foo.test,*" << "10.1.2.3" << 80 << true;
    QTest::newRow("star is no glob") << "*.example.com" << "api.example.com" << 443 << false;

    // Addresses and ranges.
    QTest::newRow("IPv4") << "127.0.0.1" << "127.0.0.1" << 9000 << true;
    QTest::newRow("other IPv4") << "127.0.0.1" << "127.0.0.2" << 9000 << false;
    QTest::newRow("IPv4 entry is no suffix") << "0.0.1" << "127.0.0.1" << 9000 << false;
    QTest::newRow("IPv4 CIDR inside") << "10.0.0.0/8" << "10.20.30.40" << 443 << true;
    QTest::newRow("IPv4 CIDR outside") << "10.0.0.0/8" << "11.0.0.1" << 443 << false;
    QTest::newRow("IPv4 CIDR /32") << "192.168.1.7/32" << "192.168.1.7" << 443 << true;
    QTest::newRow("IPv6") << "::1" << "::1" << 443 << true;
    QTest::newRow("IPv6 bracketed host") << "::1" << "[::1]" << 443 << true;
    QTest::newRow("IPv6 written out") << "0:0:0:0:0:0:0:1" << "::1" << 443 << true;
    QTest::newRow("IPv6 CIDR inside") << "fd00::/8" << "fd12:3456::1" << 443 << true;
    QTest::newRow("IPv6 CIDR outside") << "fd00::/8" << "fe80::1" << 443 << false;
    QTest::newRow("malformed range matches nothing") << "10.0.0.0/99" << "10.0.0.1" << 443 << false;
    QTest::newRow("name entry does not match an address") << "localhost" << "127.0.0.1" << 80 << false;

    // Ports: an entry with a port matches that port only.
    QTest::newRow("name with its port") << "example.com:8443" << "api.example.com" << 8443 << true;
    QTest::newRow("name with another port") << "example.com:8443" << "api.example.com" << 443 << false;
    QTest::newRow("IPv4 with port") << "127.0.0.1:9000" << "127.0.0.1" << 9000 << true;
    QTest::newRow("IPv4 with another port") << "127.0.0.1:9000" << "127.0.0.1" << 9001 << false;
    QTest::newRow("IPv6 with port") << "[::1]:9000" << "::1" << 9000 << true;
    QTest::newRow("IPv6 with another port") << "[::1]:9000" << "::1" << 80 << false;
    QTest::newRow("bracketed IPv6 without port") << "[::1]" << "::1" << 80 << true;
}

void TstNoProxyList::matches()
{
    QFETCH(QString, noProxy);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, bypass);
    QCOMPARE(NoProxyList(noProxy).matches(host, port), bypass);
}

void TstNoProxyList::emptyValueMatchesNothing()
{
    const NoProxyList list(QStringLiteral(" , "));
    QVERIFY(list.isEmpty());
    QVERIFY(!list.matches(QStringLiteral("example.com"), 443));
}

QTEST_APPLESS_MAIN(TstNoProxyList)

#include "tst_noproxylist.moc"
