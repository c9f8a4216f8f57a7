#include "AlertSamples.h"

#include "app/alerts/AlertLogModel.h"
#include "app/alerts/AlertText.h"
#include "app/display/NumberDisplay.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace feeddeck;
using feeddeck::app::alerts::AlertLogModel;
using feeddeck::testing::sampleAlert;
using feeddeck::testing::sampleAlerts;

class TstAlertLogModel : public QObject
{
    Q_OBJECT

private:
    static QString ruleAt(const AlertLogModel &model, int row)
    {
        return model.data(model.index(row), AlertLogModel::RuleRole).toString();
    }

private slots:
    void rolesAreNamedForTheDelegates()
    {
        AlertLogModel model(10);
        const QHash<int, QByteArray> names = model.roleNames();
        QCOMPARE(names.value(AlertLogModel::TimeRole), QByteArray("time"));
        QCOMPARE(names.value(AlertLogModel::RuleRole), QByteArray("rule"));
        QCOMPARE(names.value(AlertLogModel::FeedRole), QByteArray("feed"));
        QCOMPARE(names.value(AlertLogModel::SymbolRole), QByteArray("symbol"));
        QCOMPARE(names.value(AlertLogModel::FieldRole), QByteArray("field"));
        QCOMPARE(names.value(AlertLogModel::ValueRole), QByteArray("value"));
        QCOMPARE(names.value(AlertLogModel::SeverityRole), QByteArray("severity"));
        QCOMPARE(names.value(AlertLogModel::NoteRole), QByteArray("note"));
    }

    void aRowShowsItsAlert()
    {
        AlertLogModel model(10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        alert::FiredAlert alert = sampleAlert(1);
        alert.value = 70012.25;
        model.add({alert});
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(AlertLogModel::TimeRole).toString(), app::alerts::localTime(alert.timeMs));
        QCOMPARE(row.data(AlertLogModel::RuleRole).toString(), QStringLiteral("rule-1"));
        QCOMPARE(row.data(AlertLogModel::FeedRole).toString(), QStringLiteral("cb"));
        QCOMPARE(row.data(AlertLogModel::SymbolRole).toString(), QStringLiteral("BTC-USD"));
        QCOMPARE(row.data(AlertLogModel::FieldRole).toString(), QStringLiteral("price"));
        QCOMPARE(row.data(AlertLogModel::ValueRole).toString(), app::display::fixed(70012.25, 2));
        QCOMPARE(row.data(AlertLogModel::SeverityRole).toString(), QStringLiteral("critical"));
        QCOMPARE(row.data(AlertLogModel::NoteRole).toString(), QStringLiteral("note 1"));
    }

    void theLocalTimeHasMilliseconds()
    {
        const QString text = app::alerts::localTime(1795386137818);
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.818$")).match(text).hasMatch(),
                 qPrintable(text));
    }

    void newestFirstAndBounded()
    {
        AlertLogModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset(sampleAlerts(1, 3));
        QCOMPARE(model.count(), 3);
        QCOMPARE(ruleAt(model, 0), QStringLiteral("rule-3"));
        QCOMPARE(ruleAt(model, 2), QStringLiteral("rule-1"));
        QCOMPARE(model.unreadCount(), 0); // what earlier runs kept is not news

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.add(sampleAlerts(4, 7));
        QCOMPARE(inserted.size(), 1); // one contiguous range
        QCOMPARE(model.count(), 5);
        const QStringList rules{ruleAt(model, 0), ruleAt(model, 1), ruleAt(model, 2), ruleAt(model, 3), ruleAt(model, 4)};
        QCOMPARE(rules, (QStringList{"rule-7", "rule-6", "rule-5", "rule-4", "rule-3"}));
        QCOMPARE(model.alerts().constFirst(), sampleAlert(7));

        model.add(sampleAlerts(8, 20)); // more than the bound in one batch
        QCOMPARE(model.count(), 5);
        QCOMPARE(ruleAt(model, 0), QStringLiteral("rule-20"));
        QCOMPARE(ruleAt(model, 4), QStringLiteral("rule-16"));

        model.reset(sampleAlerts(1, 9));
        QCOMPARE(model.count(), 5);
        QCOMPARE(ruleAt(model, 0), QStringLiteral("rule-9"));
        QCOMPARE(ruleAt(model, 4), QStringLiteral("rule-5"));
    }

    void newAlertsAreUnreadUntilMarkedRead()
    {
        AlertLogModel model(3);
        QSignalSpy unread(&model, &AlertLogModel::unreadCountChanged);
        model.add(sampleAlerts(1, 2));
        QCOMPARE(model.unreadCount(), 2);
        model.add(sampleAlerts(3, 6));
        QCOMPARE(model.unreadCount(), 3); // never more than the rows shown
        model.markAllRead();
        QCOMPARE(model.unreadCount(), 0);
        QCOMPARE(unread.size(), 3);
        model.add(sampleAlerts(7, 7));
        model.clear();
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.unreadCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TstAlertLogModel)

#include "tst_alertlogmodel.moc"
