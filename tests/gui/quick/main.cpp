// Qt Quick Test entry point under a QApplication (QtCharts needs one; QUICK_TEST_MAIN
// would make a QGuiApplication). Registers the harness the tests drive the views with.
#include "Harness.h"

#include <QApplication>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(FeedDeckPlugin)

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
        // A test-only singleton; the application itself injects its objects as required properties.
        qmlRegisterSingletonInstance("FeedDeckTest", 1, 0, "Harness", &m_harness);
    }

private:
    feeddeck::testing::Harness m_harness;
};

int main(int argc, char **argv)
{
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FeedDeckTests"));
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "feeddeck_gui", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "main.moc"
