// `feeddeck relay` options: sizes, URLs, prefixes and credentials are checked before the run,
// and each problem names the option to fix.
#include "core/relay/RelayOptions.h"

#include <QTemporaryDir>
#include <QtTest>

using feeddeck::relay::RelayOptions;

namespace {

RelayOptions valid()
{
    RelayOptions o;
    o.natsUrl = QUrl(QStringLiteral("nats://127.0.0.1:4222"));
    return o;
}

} // namespace

class TstRelayOptions : public QObject
{
    Q_OBJECT

private slots:
    void readsByteSizes();
    void acceptsAPlainServer();
    void problemsNameTheOption_data();
    void problemsNameTheOption();
    void anUnreadableCaFileIsAProblem();
};

void TstRelayOptions::readsByteSizes()
{
    using feeddeck::relay::parseByteSize;
    QCOMPARE(parseByteSize(u"8MiB"), std::optional<qint64>(8 * 1024 * 1024));
    QCOMPARE(parseByteSize(u"512kib"), std::optional<qint64>(512 * 1024));
    QCOMPARE(parseByteSize(u"65536"), std::optional<qint64>(65536));
    QCOMPARE(parseByteSize(u"2MB"), std::optional<qint64>(2000000));
    QCOMPARE(parseByteSize(u"1GiB"), std::optional<qint64>(qint64(1) << 30));
    QVERIFY(!parseByteSize(u"MiB"));
    QVERIFY(!parseByteSize(u"8 parsecs"));
    QVERIFY(!parseByteSize(u"-1"));
    QVERIFY(!parseByteSize(u""));
}

void TstRelayOptions::acceptsAPlainServer()
{
    RelayOptions o = valid();
    QCOMPARE(feeddeck::relay::validate(o), QString());
    o.user = QStringLiteral("desk");
    o.password = QStringLiteral("secret");
    QCOMPARE(feeddeck::relay::validate(o), QString());
}

void TstRelayOptions::problemsNameTheOption_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("token");
    QTest::addColumn<qint64>("buffer");
    QTest::addColumn<QString>("mentions");
    const qint64 ok = 8 * 1024 * 1024;
    QTest::newRow("ws scheme") << "ws://h:8080" << "feeddeck" << "" << "" << "" << ok << "--nats";
    QTest::newRow("no host") << "nats://:4222" << "feeddeck" << "" << "" << "" << ok << "--nats";
    QTest::newRow("credentials in the url") << "nats://a:b@h:4222" << "feeddeck" << "" << "" << "" << ok << "--nats-user";
    QTest::newRow("prefix with a star") << "nats://h:4222" << "fd.*" << "" << "" << "" << ok << "--subject-prefix";
    QTest::newRow("empty prefix") << "nats://h:4222" << "" << "" << "" << "" << ok << "--subject-prefix";
    QTest::newRow("user without password") << "nats://h:4222" << "feeddeck" << "u" << "" << "" << ok << "--nats-password";
    QTest::newRow("user and token") << "nats://h:4222" << "feeddeck" << "u" << "p" << "t" << ok << "--nats-token";
    QTest::newRow("tiny buffer") << "nats://h:4222" << "feeddeck" << "" << "" << "" << qint64(100) << "--buffer";
}

void TstRelayOptions::problemsNameTheOption()
{
    QFETCH(QString, url);
    QFETCH(QString, prefix);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, token);
    QFETCH(qint64, buffer);
    QFETCH(QString, mentions);
    RelayOptions o;
    o.natsUrl = QUrl(url);
    o.subjectPrefix = prefix;
    o.user = user;
    o.password = password;
    o.token = token;
    o.bufferBytes = buffer;
    const QString problem = feeddeck::relay::validate(o);
    QVERIFY2(problem.contains(mentions), qPrintable(problem));
}

void TstRelayOptions::anUnreadableCaFileIsAProblem()
{
    QTemporaryDir dir;
    RelayOptions o = valid();
    o.natsUrl = QUrl(QStringLiteral("tls://127.0.0.1:4222"));
    o.caFile = dir.filePath(QStringLiteral("missing.pem"));
    QVERIFY(feeddeck::relay::validate(o).contains(QLatin1String("--nats-ca")));
    o.natsUrl = QUrl(QStringLiteral("nats://127.0.0.1:4222"));
    QVERIFY(feeddeck::relay::validate(o).contains(QLatin1String("tls://")));
}

QTEST_APPLESS_MAIN(TstRelayOptions)
#include "tst_relayoptions.moc"
