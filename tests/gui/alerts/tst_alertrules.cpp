// Alert rules edited in the window: the form's draft checked as typed (what is wrong, what to
// do, next to the setting), the rules list, and every change saved to the workspace file with
// the keys FeedDeck does not know kept, Undo for a deleted rule.
#include "app/alerts/AlertRuleDraft.h"
#include "app/alerts/AlertRuleEditor.h"
#include "app/alerts/AlertRuleListModel.h"
#include "app/alerts/AlertRules.h"
#include "app/editor/WorkspaceDocument.h"
#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedManager.h"
#include "core/workspace/WorkspaceFile.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace feeddeck;
using app::alerts::AlertRuleDraft;
using app::alerts::AlertRuleListModel;
using app::alerts::AlertRules;

namespace {

// Two feeds that never connect (nothing listens on the discard port) and two rules, one with
// a key FeedDeck does not know.
// (Not a raw string: moc does not read those.)
const QByteArray kSaved =
    "{"
    "\"version\": 1,"
    "\"feeds\": ["
    "  {\"id\": \"crypto\", \"name\": \"Crypto\", \"protocol\": \"coinbase\", \"url\": \"ws://127.0.0.1:9/\", \"symbols\": [\"BTC-USD\"]},"
    "  {\"id\": \"stock\", \"name\": \"Stock\", \"protocol\": \"binance\", \"url\": \"ws://127.0.0.1:9/ws\", \"symbols\": [\"btcusdt\"]}"
    "],"
    "\"alerts\": ["
    "  {\"id\": \"btc-high\", \"feed\": \"crypto\", \"symbol\": \"BTC-USD\", \"when\": \"above\", \"value\": 70000,"
    "   \"severity\": \"critical\", \"note\": \"Sell half.\", \"colour\": \"red\"},"
    "  {\"id\": \"quiet\", \"feed\": \"stock\", \"symbol\": \"*\", \"field\": \"price\", \"when\": \"silent_for_s\", \"value\": 30}"
    "]"
    "}";

workspace::Workspace twoFeeds()
{
    workspace::Workspace ws;
    for (const char *id : {"crypto", "stock"}) {
        workspace::FeedConfig feed;
        feed.id = QString::fromLatin1(id);
        feed.protocol = QStringLiteral("coinbase");
        ws.feeds.append(feed);
    }
    alert::AlertRule taken;
    taken.id = QStringLiteral("btc-high");
    taken.feed = QStringLiteral("crypto");
    ws.alerts.append(taken);
    return ws;
}

AlertRuleDraft validDraft()
{
    AlertRuleDraft draft;
    draft.id = QStringLiteral("btc-low");
    draft.feed = QStringLiteral("crypto");
    draft.symbol = QStringLiteral("BTC-USD");
    draft.value = QStringLiteral("60000");
    return draft;
}

QJsonArray savedAlerts(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("alerts")).toArray();
}

QJsonObject savedRule(const QString &path, const QString &id)
{
    for (const QJsonValue &rule : savedAlerts(path))
        if (rule.toObject().value(QStringLiteral("id")).toString() == id)
            return rule.toObject();
    return {};
}

struct Rig
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("workspace.json"));
    feed::FeedManager engine{feed::FeedWorker::Options{}};
    app::editor::WorkspaceDocument document{engine};
    AlertRules rules{document};

    bool open()
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(kSaved) != kSaved.size())
            return false;
        file.close();
        const workspace::LoadResult loaded = workspace::loadWorkspaceFile(path, codec::knownProtocols());
        if (!loaded.workspace)
            return false;
        document.open(*loaded.workspace, path, false);
        return true;
    }
};

} // namespace

class TstAlertRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void aValidDraftBecomesTheRule();
    void eachProblemIsNamedAtItsSetting_data();
    void eachProblemIsNamedAtItsSetting();
    void theRuleKeepsItsOwnIdWhenEdited();
    void theListShowsEachRuleInWords();
    void theListAnnouncesOnlyTheRuleThatChanged();
    void aRuleAddedInTheFormIsSavedToTheFile();
    void anInvalidDraftIsNotSavedAndSaysWhy();
    void editingKeepsKeysFeedDeckDoesNotKnow();
    void switchingOffDuplicatingAndDeletingWithUndo();
    void aRenamedRuleMayNotTakeAnotherRulesId();
};

void TstAlertRules::aValidDraftBecomesTheRule()
{
    AlertRuleDraft draft = validDraft();
    draft.when = QStringLiteral("move_pct");
    draft.value = QStringLiteral("2.5");
    draft.windowS = QStringLiteral("60");
    draft.cooldownS = QStringLiteral("");
    draft.severity = QStringLiteral("info");
    draft.note = QStringLiteral("Look.");
    const app::alerts::AlertRuleCheck check = app::alerts::checkAlertRule(draft, twoFeeds(), {});
    QVERIFY2(check.problems.isEmpty(), qPrintable(check.problems.keys().join(u',')));
    QVERIFY(check.rule);
    QCOMPARE(check.rule->id, QStringLiteral("btc-low"));
    QCOMPARE(check.rule->when, alert::When::MovePct);
    QCOMPARE(check.rule->value, 2.5);
    QCOMPARE(check.rule->windowS, 60.0);
    QCOMPARE(check.rule->cooldownS, 0.0); // empty: no cooldown
    QCOMPARE(check.rule->severity, alert::Severity::Info);
    QCOMPARE(check.rule->note, QStringLiteral("Look."));
    // And back into the form as the user would read it.
    const AlertRuleDraft back = app::alerts::draftOf(*check.rule);
    QCOMPARE(back.value, QStringLiteral("2.5"));
    QCOMPARE(back.windowS, QStringLiteral("60"));
    QCOMPARE(back.when, QStringLiteral("move_pct"));
}

void TstAlertRules::eachProblemIsNamedAtItsSetting_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("says");

    QTest::newRow("empty id") << "id" << "" << "id" << "give the rule";
    QTest::newRow("id of another rule") << "id" << "btc-high" << "id" << "another rule";
    QTest::newRow("id with a space") << "id" << "btc high" << "id" << "may only contain";
    QTest::newRow("no feed") << "feed" << "" << "feed" << "choose the feed";
    QTest::newRow("unknown feed") << "feed" << "gone" << "feed" << "is not a feed of this workspace";
    QTest::newRow("empty symbol") << "symbol" << " " << "symbol" << "for every symbol";
    QTest::newRow("empty field") << "field" << "" << "field" << "name a field";
    QTest::newRow("empty value") << "value" << "" << "value" << "is empty";
    QTest::newRow("value not a number") << "value" << "7O000" << "value" << "is not a number";
    QTest::newRow("value infinite") << "value" << "inf" << "value" << "finite";
    QTest::newRow("negative cooldown") << "cooldown_s" << "-5" << "cooldown_s" << "must not be negative";
    QTest::newRow("cooldown over a week") << "cooldown_s" << "999999" << "cooldown_s" << "a week";
}

void TstAlertRules::eachProblemIsNamedAtItsSetting()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QString, setting);
    QFETCH(QString, says);
    AlertRuleDraft draft = validDraft();
    if (key == u"id")
        draft.id = text;
    else if (key == u"feed")
        draft.feed = text;
    else if (key == u"symbol")
        draft.symbol = text;
    else if (key == u"field")
        draft.field = text;
    else if (key == u"value")
        draft.value = text;
    else if (key == u"cooldown_s")
        draft.cooldownS = text;
    const app::alerts::AlertRuleCheck check = app::alerts::checkAlertRule(draft, twoFeeds(), {});
    QVERIFY(!check.rule);
    QCOMPARE(check.problems.keys(), QStringList{setting});
    const QString message = check.problems.value(setting).toString();
    QVERIFY2(message.contains(says), qPrintable(message));
}

void TstAlertRules::theRuleKeepsItsOwnIdWhenEdited()
{
    AlertRuleDraft draft = validDraft();
    draft.id = QStringLiteral("btc-high");
    QVERIFY(app::alerts::checkAlertRule(draft, twoFeeds(), QStringLiteral("btc-high")).rule);

    // A move needs a positive window, and only a move asks for one.
    draft.when = QStringLiteral("move_pct");
    draft.value = QStringLiteral("2");
    draft.windowS = QStringLiteral("0");
    app::alerts::AlertRuleCheck check = app::alerts::checkAlertRule(draft, twoFeeds(), QStringLiteral("btc-high"));
    QCOMPARE(check.problems.keys(), QStringList{QStringLiteral("window_s")});
    QVERIFY(check.problems.value(QStringLiteral("window_s")).toString().contains(QStringLiteral("more than 0 seconds")));
    draft.windowS.clear();
    check = app::alerts::checkAlertRule(draft, twoFeeds(), QStringLiteral("btc-high"));
    QCOMPARE(check.problems.keys(), QStringList{QStringLiteral("window_s")});
    draft.when = QStringLiteral("below");
    QVERIFY(app::alerts::checkAlertRule(draft, twoFeeds(), QStringLiteral("btc-high")).rule);

    // A silence of no seconds says so at the value.
    draft.when = QStringLiteral("silent_for_s");
    draft.value = QStringLiteral("0");
    check = app::alerts::checkAlertRule(draft, twoFeeds(), QStringLiteral("btc-high"));
    QCOMPARE(check.problems.keys(), QStringList{QStringLiteral("value")});
    QVERIFY(check.problems.value(QStringLiteral("value")).toString().contains(QStringLiteral("seconds of silence")));
}

void TstAlertRules::theListShowsEachRuleInWords()
{
    Rig rig;
    QVERIFY(rig.open());
    AlertRuleListModel *list = rig.rules.list();
    QAbstractItemModelTester tester(list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(list->count(), 2);
    const QModelIndex first = list->index(0);
    QCOMPARE(first.data(AlertRuleListModel::RuleIdRole).toString(), QStringLiteral("btc-high"));
    QCOMPARE(first.data(AlertRuleListModel::EnabledRole).toBool(), true);
    QCOMPARE(first.data(AlertRuleListModel::FeedRole).toString(), QStringLiteral("crypto"));
    QCOMPARE(first.data(AlertRuleListModel::SymbolRole).toString(), QStringLiteral("BTC-USD"));
    QCOMPARE(first.data(AlertRuleListModel::ConditionRole).toString(), QStringLiteral("price above 70000"));
    QCOMPARE(first.data(AlertRuleListModel::SeverityRole).toString(), QStringLiteral("critical"));
    QCOMPARE(first.data(AlertRuleListModel::CooldownRole).toString(), QString());
    QCOMPARE(first.data(AlertRuleListModel::NoteRole).toString(), QStringLiteral("Sell half."));
    QCOMPARE(list->index(1).data(AlertRuleListModel::ConditionRole).toString(), QStringLiteral("silent for 30 s"));
    QCOMPARE(list->roleNames().value(AlertRuleListModel::EnabledRole), QByteArray("ruleEnabled"));
}

void TstAlertRules::theListAnnouncesOnlyTheRuleThatChanged()
{
    Rig rig;
    QVERIFY(rig.open());
    AlertRuleListModel *list = rig.rules.list();
    QAbstractItemModelTester tester(list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(list, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(list, &QAbstractItemModel::modelReset);
    QVERIFY(rig.rules.setEnabled(QStringLiteral("quiet"), false));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), list->index(1));
    QCOMPARE(list->index(1).data(AlertRuleListModel::EnabledRole).toBool(), false);
}

void TstAlertRules::aRuleAddedInTheFormIsSavedToTheFile()
{
    Rig rig;
    QVERIFY(rig.open());
    app::alerts::AlertRuleEditor *form = rig.rules.editor();
    form->startNew();
    QVERIFY(form->isActive());
    QVERIFY(form->isNew());
    QCOMPARE(form->feed(), QStringLiteral("crypto")); // the first feed
    QCOMPARE(form->feedChoices(), (QStringList{QStringLiteral("crypto"), QStringLiteral("stock")}));
    QVERIFY(!form->ruleId().isEmpty());
    form->setRuleId(QStringLiteral("eth-move"));
    form->setSymbol(QStringLiteral("ETH-USD"));
    form->setWhen(QStringLiteral("move_pct"));
    QVERIFY(form->needsWindow());
    QCOMPARE(form->valueLabel(), QStringLiteral("Move (%)"));
    form->setValue(QStringLiteral("1.5"));
    QVERIFY(form->problems().contains(QStringLiteral("window_s")));
    form->setWindowS(QStringLiteral("300"));
    form->setCooldownS(QStringLiteral("60"));
    form->setSeverity(QStringLiteral("warning"));
    QVERIFY2(form->isValid(), qPrintable(form->problems().keys().join(u',')));
    QSignalSpy saved(form, &app::alerts::AlertRuleEditor::saved);
    QVERIFY(form->save());
    QCOMPARE(saved.size(), 1);
    QVERIFY(!form->isActive());

    const QJsonObject rule = savedRule(rig.path, QStringLiteral("eth-move"));
    QCOMPARE(rule.value(QStringLiteral("feed")).toString(), QStringLiteral("crypto"));
    QCOMPARE(rule.value(QStringLiteral("when")).toString(), QStringLiteral("move_pct"));
    QCOMPARE(rule.value(QStringLiteral("value")).toDouble(), 1.5);
    QCOMPARE(rule.value(QStringLiteral("window_s")).toDouble(), 300.0);
    QCOMPARE(rule.value(QStringLiteral("cooldown_s")).toDouble(), 60.0);
    QCOMPARE(rig.rules.list()->count(), 3);
    QCOMPARE(rig.rules.list()->index(2).data(AlertRuleListModel::ConditionRole).toString(),
             QStringLiteral("price moves 1.5% within 300 s"));
    // The file as saved loads back: what the form accepts, the file accepts.
    QVERIFY(workspace::loadWorkspaceFile(rig.path, codec::knownProtocols()).workspace);
}

void TstAlertRules::anInvalidDraftIsNotSavedAndSaysWhy()
{
    Rig rig;
    QVERIFY(rig.open());
    app::alerts::AlertRuleEditor *form = rig.rules.editor();
    form->startNew(QStringLiteral("stock"));
    form->setValue(QStringLiteral("lots"));
    QVERIFY(!form->isValid());
    QVERIFY(form->problems().value(QStringLiteral("value")).toString().contains(QStringLiteral("is not a number")));
    QVERIFY(!form->save());
    QVERIFY(form->isActive());
    QVERIFY(form->saveError().contains(QStringLiteral("fix the settings marked in red")));
    QCOMPARE(savedAlerts(rig.path).size(), 2);
    form->close();
    QVERIFY(!form->isActive());
    QCOMPARE(rig.document.workspace().alerts.size(), 2);
}

void TstAlertRules::editingKeepsKeysFeedDeckDoesNotKnow()
{
    Rig rig;
    QVERIFY(rig.open());
    app::alerts::AlertRuleEditor *form = rig.rules.editor();
    form->edit(QStringLiteral("btc-high"));
    QVERIFY(!form->isNew());
    QCOMPARE(form->value(), QStringLiteral("70000"));
    QCOMPARE(form->severity(), QStringLiteral("critical"));
    form->setValue(QStringLiteral("72000"));
    form->setRuleId(QStringLiteral("btc-higher"));
    QVERIFY(form->save());
    QCOMPARE(savedRule(rig.path, QStringLiteral("btc-high")), QJsonObject());
    const QJsonObject rule = savedRule(rig.path, QStringLiteral("btc-higher"));
    QCOMPARE(rule.value(QStringLiteral("value")).toDouble(), 72000.0);
    QCOMPARE(rule.value(QStringLiteral("colour")).toString(), QStringLiteral("red"));
    QCOMPARE(rule.value(QStringLiteral("note")).toString(), QStringLiteral("Sell half."));
    // Switched off in the list while open in the form: saving the form leaves it off.
    form->edit(QStringLiteral("quiet"));
    QVERIFY(rig.rules.setEnabled(QStringLiteral("quiet"), false));
    form->setNote(QStringLiteral("Call the warehouse."));
    QVERIFY(form->save());
    QCOMPARE(savedRule(rig.path, QStringLiteral("quiet")).value(QStringLiteral("enabled")).toBool(true), false);
    QCOMPARE(savedRule(rig.path, QStringLiteral("quiet")).value(QStringLiteral("note")).toString(),
             QStringLiteral("Call the warehouse."));
    // In its place in the list.
    QCOMPARE(rig.document.workspace().alerts.at(0).id, QStringLiteral("btc-higher"));
    QCOMPARE(rig.document.workspace().alerts.at(0).extra.value(QStringLiteral("colour")).toString(), QStringLiteral("red"));
}

void TstAlertRules::switchingOffDuplicatingAndDeletingWithUndo()
{
    Rig rig;
    QVERIFY(rig.open());
    QVERIFY(rig.rules.setEnabled(QStringLiteral("btc-high"), false));
    QCOMPARE(savedRule(rig.path, QStringLiteral("btc-high")).value(QStringLiteral("enabled")).toBool(true), false);

    const QString copy = rig.rules.duplicate(QStringLiteral("btc-high"));
    QCOMPARE(copy, QStringLiteral("btc-high-2"));
    QCOMPARE(rig.document.workspace().alerts.at(1).id, copy); // after the original
    QCOMPARE(savedRule(rig.path, copy).value(QStringLiteral("colour")).toString(), QStringLiteral("red"));
    QVERIFY(rig.rules.editor()->isActive()); // the copy opens in the form, to be changed
    QCOMPARE(rig.rules.editor()->originalId(), copy);

    QSignalSpy undo(&rig.document, &app::editor::WorkspaceDocument::undoChanged);
    QVERIFY(rig.rules.remove(copy));
    QVERIFY(!rig.rules.editor()->isActive()); // its form closes with it
    QCOMPARE(savedAlerts(rig.path).size(), 2);
    QCOMPARE(rig.document.undoNotice(), QStringLiteral("Alert rule removed."));
    QCOMPARE(rig.document.undoText(), QStringLiteral("Undo removing rule “btc-high-2”"));
    QVERIFY(rig.document.undoRemove());
    QVERIFY(rig.document.undoText().isEmpty());
    QCOMPARE(savedAlerts(rig.path).size(), 3);
    QCOMPARE(rig.document.workspace().alerts.at(1).id, copy); // back where it was
    QVERIFY(undo.size() >= 2);
}

void TstAlertRules::aRenamedRuleMayNotTakeAnotherRulesId()
{
    Rig rig;
    QVERIFY(rig.open());
    app::alerts::AlertRuleEditor *form = rig.rules.editor();
    form->edit(QStringLiteral("quiet"));
    form->setRuleId(QStringLiteral("btc-high"));
    QVERIFY(form->problems().value(QStringLiteral("id")).toString().contains(QStringLiteral("another rule")));
    QVERIFY(!form->save());
    QVERIFY(!rig.document.replaceAlertRule(QStringLiteral("quiet"), rig.document.workspace().alerts.at(0)));
    QCOMPARE(savedAlerts(rig.path).size(), 2);
}

QTEST_GUILESS_MAIN(TstAlertRules)
#include "tst_alertrules.moc"
