#include "core/workspace/EnvExpansion.h"

#include <QTest>

using feeddeck::workspace::expandEnv;

class TstEnvExpansion : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void replacesReferencesWithEnvironmentValues_data();
    void replacesReferencesWithEnvironmentValues();
    void expandedValuesAreNotExpandedAgain();
};

void TstEnvExpansion::initTestCase()
{
    qputenv("FEEDDECK_TST_TOKEN", "abc123");
    qputenv("FEEDDECK_TST_OTHER", "xyz");
    qputenv("FEEDDECK_TST_EMPTY", "");
    qputenv("FEEDDECK_TST_UNICODE", QStringLiteral("clé-€").toUtf8());
    qputenv("FEEDDECK_TST_NESTED", "${env:FEEDDECK_TST_TOKEN}");
    qunsetenv("FEEDDECK_TST_UNSET");
    qunsetenv("FEEDDECK_TST_UNSET2");
}

void TstEnvExpansion::cleanupTestCase()
{
    for (const char *name : {"FEEDDECK_TST_TOKEN", "FEEDDECK_TST_OTHER", "FEEDDECK_TST_EMPTY", "FEEDDECK_TST_UNICODE",
                             "FEEDDECK_TST_NESTED"})
        qunsetenv(name);
}

void TstEnvExpansion::replacesReferencesWithEnvironmentValues_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QStringList>("missing");

    QTest::newRow("empty") << QString() << QString() << QStringList();
    QTest::newRow("plain text") << "Bearer token" << "Bearer token" << QStringList();
    QTest::newRow("one reference") << "Bearer ${env:FEEDDECK_TST_TOKEN}" << "Bearer abc123" << QStringList();
    QTest::newRow("whole value") << "${env:FEEDDECK_TST_TOKEN}" << "abc123" << QStringList();
    QTest::newRow("two references") << "${env:FEEDDECK_TST_TOKEN}:${env:FEEDDECK_TST_OTHER}" << "abc123:xyz"
                                    << QStringList();
    QTest::newRow("adjacent references") << "${env:FEEDDECK_TST_OTHER}${env:FEEDDECK_TST_OTHER}" << "xyzxyz"
                                         << QStringList();
    QTest::newRow("unicode value") << "k=${env:FEEDDECK_TST_UNICODE}" << QStringLiteral("k=clé-€") << QStringList();
    QTest::newRow("set but empty is not missing") << "a${env:FEEDDECK_TST_EMPTY}b" << "ab" << QStringList();
    QTest::newRow("unset is listed") << "Bearer ${env:FEEDDECK_TST_UNSET}" << "Bearer "
                                     << QStringList{"FEEDDECK_TST_UNSET"};
    QTest::newRow("unset listed once, in order")
        << "${env:FEEDDECK_TST_UNSET2}${env:FEEDDECK_TST_UNSET}${env:FEEDDECK_TST_UNSET2}" << ""
        << QStringList{"FEEDDECK_TST_UNSET2", "FEEDDECK_TST_UNSET"};
    QTest::newRow("double dollar kept") << "price $$5" << "price $$5" << QStringList();
    QTest::newRow("lone dollar kept") << "$ ${ $env" << "$ ${ $env" << QStringList();
    QTest::newRow("braces without env kept") << "${FEEDDECK_TST_TOKEN}" << "${FEEDDECK_TST_TOKEN}" << QStringList();
    QTest::newRow("empty name kept") << "${env:}" << "${env:}" << QStringList();
    QTest::newRow("name starting with a digit kept") << "${env:1ABC}" << "${env:1ABC}" << QStringList();
    QTest::newRow("name with a space kept") << "${env:BAD NAME}" << "${env:BAD NAME}" << QStringList();
    QTest::newRow("unterminated kept") << "x ${env:FEEDDECK_TST_TOKEN" << "x ${env:FEEDDECK_TST_TOKEN"
                                       << QStringList();
    QTest::newRow("malformed then valid") << "${env:${env:FEEDDECK_TST_TOKEN}}" << "${env:abc123}" << QStringList();
}

void TstEnvExpansion::replacesReferencesWithEnvironmentValues()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QStringList, missing);

    const auto result = expandEnv(input);
    QCOMPARE(result.value, expected);
    QCOMPARE(result.missing, missing);
}

void TstEnvExpansion::expandedValuesAreNotExpandedAgain()
{
    // A value that itself looks like a reference is data, not a second lookup.
    const auto result = expandEnv(QStringLiteral("${env:FEEDDECK_TST_NESTED}"));
    QCOMPARE(result.value, QStringLiteral("${env:FEEDDECK_TST_TOKEN}"));
    QVERIFY(result.missing.isEmpty());
}

QTEST_APPLESS_MAIN(TstEnvExpansion)
#include "tst_envexpansion.moc"
