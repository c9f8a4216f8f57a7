// The servers a relay tries: the one given, then the cluster's connect_urls, in turn.
#include "core/relay/ServerList.h"

#include <QtTest>

using feeddeck::relay::ServerList;

class TstServerList : public QObject
{
    Q_OBJECT

private slots:
    void aloneItTriesTheGivenServerAgain();
    void learnsTheClusterAndGoesRoundIt();
    void learnedServersKeepTheGivenScheme();
    void ignoresDuplicatesAndJunkAndStaysBounded();
};

void TstServerList::aloneItTriesTheGivenServerAgain()
{
    ServerList list(QUrl(QStringLiteral("nats://127.0.0.1:4222")));
    QCOMPARE(list.current(), QUrl(QStringLiteral("nats://127.0.0.1:4222")));
    QCOMPARE(list.advance(), QUrl(QStringLiteral("nats://127.0.0.1:4222")));
    ServerList noPort(QUrl(QStringLiteral("nats://desk-nats")));
    QCOMPARE(noPort.current().port(), 4222);
}

void TstServerList::learnsTheClusterAndGoesRoundIt()
{
    ServerList list(QUrl(QStringLiteral("nats://127.0.0.1:4001")));
    list.learn({QStringLiteral("127.0.0.1:4001"), QStringLiteral("127.0.0.1:4002"), QStringLiteral("10.0.0.3:4003")});
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.advance(), QUrl(QStringLiteral("nats://127.0.0.1:4002")));
    QCOMPARE(list.advance(), QUrl(QStringLiteral("nats://10.0.0.3:4003")));
    QCOMPARE(list.advance(), QUrl(QStringLiteral("nats://127.0.0.1:4001")));
}

void TstServerList::learnedServersKeepTheGivenScheme()
{
    ServerList list(QUrl(QStringLiteral("tls://nats.desk:4222")));
    list.learn({QStringLiteral("[::1]:4223")});
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.urls().at(1).scheme(), QStringLiteral("tls"));
    QCOMPARE(list.urls().at(1).host(), QStringLiteral("::1"));
    QCOMPARE(list.urls().at(1).port(), 4223);
}

void TstServerList::ignoresDuplicatesAndJunkAndStaysBounded()
{
    ServerList list(QUrl(QStringLiteral("nats://127.0.0.1:4001")));
    list.learn({QStringLiteral("127.0.0.1:4002"), QStringLiteral("127.0.0.1:4002"), QStringLiteral(":"),
                QStringLiteral("no port"), QString()});
    QCOMPARE(list.size(), 2);
    QStringList many;
    for (int i = 0; i < 100; ++i)
        many.append(QStringLiteral("10.0.1.%1:4222").arg(i));
    list.learn(many);
    QCOMPARE(list.size(), ServerList::kMaxServers);
    QCOMPARE(list.urls().constFirst(), QUrl(QStringLiteral("nats://127.0.0.1:4001")));
}

QTEST_APPLESS_MAIN(TstServerList)
#include "tst_serverlist.moc"
