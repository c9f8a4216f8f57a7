// The workspace being edited: every change saved atomically, failures reported with the old
// file left as it was, unknown keys kept through the editor, import, export and Undo.
#include "app/editor/FeedEditor.h"
#include "app/editor/WorkspaceDocument.h"
#include "app/editor/WorkspaceSource.h"
#include "app/health/FeedStatusModel.h"
#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedManager.h"
#include "core/sim/LocalSimulator.h"
#include "core/workspace/WorkspaceFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

using namespace feeddeck;
using app::editor::FeedEditor;
using app::editor::WorkspaceDocument;

namespace {

// A feed that never connects (nothing listens on the discard port): these tests are about the file.
const QByteArray kSaved = "{"
"\"version\": 1,"
"\"layout\": {\"columns\": 3},"
"\"feeds\": ["
"{\"id\": \"crypto\", \"name\": \"Crypto\", \"protocol\": \"coinbase\", \"url\": \"ws://127.0.0.1:9/\","
"\"symbols\": [\"BTC-USD\"], \"colour\": \"teal\", \"reconnect\": {\"initial_ms\": 500, \"max_ms\": 1000, \"jitter\": \"full\"}},"
"{\"id\": \"spot\", \"name\": \"Spot\", \"protocol\": \"binance\", \"url\": \"ws://127.0.0.1:9/ws\", \"symbols\": [\"btcusdt\"]}"
"]"
"}";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

QJsonObject savedJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

// The engine as the application runs it: the demo's sim:// feeds on the simulator in this process.
feed::FeedWorker::Options withSimulator()
{
    feed::FeedWorker::Options options;
    options.urlResolver = sim::urlResolver;
    return options;
}

struct Rig
{
    QTemporaryDir dir;
    QString path = dir.filePath("workspace.json");
    feed::FeedManager engine{withSimulator()};
    app::health::FeedStatusModel status;
    WorkspaceDocument document{engine};
    FeedEditor editor{document, status};

    bool open(const QByteArray &saved = kSaved)
    {
        if (!writeAll(path, saved))
            return false;
        const workspace::LoadResult loaded = workspace::loadWorkspaceFile(path, codec::knownProtocols());
        if (!loaded.workspace)
            return false;
        document.open(*loaded.workspace, path, false);
        return true;
    }
};

} // namespace

class TstWorkspaceDocument : public QObject
{
    Q_OBJECT

private slots:
    void editingAFeedKeepsKeysFeedDeckDoesNotKnow();
    void aChangeThatCannotBeSavedSaysSoAndLeavesTheOldFile();
    void removeAndUndoPutTheFeedBackWhereItWas();
    void removingAFeedTakesItsAlertRulesAndUndoBringsThemBack();
    void removingAFeedTakesTheDerivedSeriesThatReadItWithTheirRules();
    void aDerivedSeriesIsAddedOnlyWhenTheWorkspaceCheckPassesIt();
    void duplicateGetsItsOwnIdAndName();
    void importReplacesTheFeedsOnlyWhenTheFileIsValid();
    void exportWritesTheWorkspaceThatLoadsBack();
    void theDemoIsNeverSavedOverAnExistingWorkspace();
    void afterAFailedLoadTheDemoRunsButNothingIsSaved();
};

void TstWorkspaceDocument::editingAFeedKeepsKeysFeedDeckDoesNotKnow()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QCOMPARE(rig.editor.name(), QStringLiteral("Crypto"));
    rig.editor.setName("Crypto desk");
    rig.editor.limits()->setMaxDelayMs(8000);
    QVERIFY(rig.editor.isDirty());
    QVERIFY(rig.editor.apply());
    QVERIFY(!rig.editor.isDirty());

    const QJsonObject saved = savedJson(rig.path);
    QCOMPARE(saved.value("layout").toObject().value("columns").toInt(), 3);
    const QJsonObject crypto = saved.value("feeds").toArray().at(0).toObject();
    QCOMPARE(crypto.value("name").toString(), QStringLiteral("Crypto desk"));
    QCOMPARE(crypto.value("colour").toString(), QStringLiteral("teal"));
    QCOMPARE(crypto.value("reconnect").toObject().value("max_ms").toInt(), 8000);
    QCOMPARE(crypto.value("reconnect").toObject().value("jitter").toString(), QStringLiteral("full"));
    QCOMPARE(crypto.value("id").toString(), QStringLiteral("crypto")); // the id never changes
}

void TstWorkspaceDocument::aChangeThatCannotBeSavedSaysSoAndLeavesTheOldFile()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_FSIZE to make the disk refuse a write");
#else
    Rig rig;
    QVERIFY(rig.open());
    const QByteArray before = readAll(rig.path);
    QSignalSpy failed(&rig.document, &WorkspaceDocument::saveFailed);

    // A real write failure, as on a full disk: the kernel refuses writes beyond 64 bytes (EFBIG).
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit limited = saved;
    limited.rlim_cur = 64;
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    const bool changed = rig.document.setEnabled("spot", false);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(changed); // in use at once, even though not saved
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(rig.path), qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(rig.document.saveNotice().startsWith(QStringLiteral("Not saved:")));
    QCOMPARE(readAll(rig.path), before);
    QCOMPARE(QDir(rig.dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"workspace.json"}));

    // The next change that can be written saves everything, the earlier change included.
    QVERIFY(rig.document.setEnabled("crypto", false));
    QVERIFY(rig.document.saveNotice().isEmpty());
    const QJsonArray feeds = savedJson(rig.path).value("feeds").toArray();
    QCOMPARE(feeds.at(0).toObject().value("enabled").toBool(true), false);
    QCOMPARE(feeds.at(1).toObject().value("enabled").toBool(true), false);
#endif
}

void TstWorkspaceDocument::removeAndUndoPutTheFeedBackWhereItWas()
{
    Rig rig;
    QVERIFY(rig.open());
    QVERIFY(rig.document.undoText().isEmpty());
    QVERIFY(rig.document.removeFeed("crypto"));
    QCOMPARE(rig.document.feedCount(), 1);
    QCOMPARE(savedJson(rig.path).value("feeds").toArray().size(), 1);
    QCOMPARE(rig.document.undoText(), QStringLiteral("Undo removing “Crypto”"));
    QVERIFY(rig.document.undoRemove());
    QVERIFY(!rig.document.undoRemove()); // one step
    const QJsonArray feeds = savedJson(rig.path).value("feeds").toArray();
    QCOMPARE(feeds.size(), 2);
    QCOMPARE(feeds.at(0).toObject().value("id").toString(), QStringLiteral("crypto"));
    QCOMPARE(feeds.at(0).toObject().value("colour").toString(), QStringLiteral("teal"));
    QCOMPARE(rig.document.feeds()->idAt(0), QStringLiteral("crypto"));
}

void TstWorkspaceDocument::removingAFeedTakesItsAlertRulesAndUndoBringsThemBack()
{
    Rig rig;
    QByteArray saved = kSaved;
    saved.chop(1); // the closing brace
    saved += ",\"alerts\": ["
             "{\"id\": \"btc-high\", \"feed\": \"crypto\", \"symbol\": \"BTC-USD\", \"when\": \"above\", \"value\": 1,"
             " \"sound\": \"bell\"},"
             "{\"id\": \"spot-quiet\", \"feed\": \"spot\", \"when\": \"silent_for_s\", \"value\": 30}]}";
    QVERIFY(rig.open(saved));
    const auto ruleIds = [&rig] {
        QStringList ids;
        for (const QJsonValue &rule : savedJson(rig.path).value("alerts").toArray())
            ids.append(rule.toObject().value("id").toString());
        return ids;
    };
    QCOMPARE(ruleIds(), (QStringList{"btc-high", "spot-quiet"}));

    // The saved file stays valid: no rule names a feed that is gone.
    QVERIFY(rig.document.removeFeed("crypto"));
    QCOMPARE(ruleIds(), QStringList{"spot-quiet"});
    QVERIFY(workspace::loadWorkspaceFile(rig.path, codec::knownProtocols()).workspace.has_value());

    QVERIFY(rig.document.undoRemove());
    QCOMPARE(ruleIds(), (QStringList{"spot-quiet", "btc-high"}));
    const QJsonObject back = savedJson(rig.path).value("alerts").toArray().at(1).toObject();
    QCOMPARE(back.value("feed").toString(), QStringLiteral("crypto"));
    QCOMPARE(back.value("sound").toString(), QStringLiteral("bell")); // unknown keys kept
    QVERIFY(workspace::loadWorkspaceFile(rig.path, codec::knownProtocols()).workspace.has_value());
}

void TstWorkspaceDocument::removingAFeedTakesTheDerivedSeriesThatReadItWithTheirRules()
{
    Rig rig;
    QByteArray saved = kSaved;
    saved.chop(1);
    saved += ",\"derived\": ["
             "{\"id\": \"btc-mid\", \"preset\": \"mid\", \"feed\": \"crypto\", \"symbol\": \"BTC-USD\"},"
             "{\"id\": \"basis\", \"expression\": \"a - b\", \"inputs\": {\"a\": {\"feed\": \"spot\", \"symbol\": \"btcusdt\"},"
             " \"b\": {\"feed\": \"spot\", \"symbol\": \"ethusdt\"}}}],"
             "\"alerts\": [{\"id\": \"mid-high\", \"feed\": \"derived\", \"symbol\": \"btc-mid\", \"field\": \"value\","
             " \"when\": \"above\", \"value\": 1},"
             "{\"id\": \"basis-wide\", \"feed\": \"derived\", \"symbol\": \"basis\", \"field\": \"value\", \"when\": \"above\","
             " \"value\": 5}]}";
    QVERIFY(rig.open(saved));
    const auto ids = [&rig](const char *section) {
        QStringList out;
        for (const QJsonValue &v : savedJson(rig.path).value(QLatin1String(section)).toArray())
            out.append(v.toObject().value("id").toString());
        return out;
    };
    QCOMPARE(ids("derived"), (QStringList{"btc-mid", "basis"}));

    // Mid reads crypto: it goes, and the rule on it; the file stays valid.
    QVERIFY(rig.document.removeFeed("crypto"));
    QCOMPARE(ids("derived"), QStringList{"basis"});
    QCOMPARE(ids("alerts"), QStringList{"basis-wide"});
    QVERIFY(workspace::loadWorkspaceFile(rig.path, codec::knownProtocols()).workspace.has_value());

    QVERIFY(rig.document.undoRemove());
    QCOMPARE(ids("derived"), (QStringList{"basis", "btc-mid"}));
    QCOMPARE(ids("alerts"), (QStringList{"basis-wide", "mid-high"}));
    QVERIFY(workspace::loadWorkspaceFile(rig.path, codec::knownProtocols()).workspace.has_value());

    // Removing the derived series itself takes its rule too.
    QVERIFY(rig.document.removeDerivedSeries("basis"));
    QVERIFY(!rig.document.removeDerivedSeries("basis"));
    QCOMPARE(ids("derived"), QStringList{"btc-mid"});
    QCOMPARE(ids("alerts"), QStringList{"mid-high"});
}

void TstWorkspaceDocument::aDerivedSeriesIsAddedOnlyWhenTheWorkspaceCheckPassesIt()
{
    Rig rig;
    QVERIFY(rig.open());
    workspace::DerivedSeriesConfig bad;
    bad.id = QStringLiteral("ratio");
    bad.expression = QStringLiteral("a / c");
    bad.inputs = {workspace::DerivedInput{.name = "a", .feed = "crypto", .symbol = "BTC-USD", .field = "price", .extra = {}}};
    const QByteArray before = readAll(rig.path);
    QCOMPARE(rig.document.addDerivedSeries(bad),
             QStringLiteral("derived[0].expression: column 5: unknown series \"c\" (bound: a)"));
    QCOMPARE(readAll(rig.path), before); // nothing saved

    workspace::DerivedSeriesConfig good = bad;
    good.expression = QStringLiteral("ma(a, 30s)");
    QCOMPARE(rig.document.addDerivedSeries(good), QString());
    QCOMPARE(savedJson(rig.path).value("derived").toArray().at(0).toObject().value("expression").toString(),
             QStringLiteral("ma(a, 30s)"));
    QCOMPARE(rig.document.freeDerivedId("ratio"), QStringLiteral("ratio-2"));
    // No feed takes the id the derived series are charted under.
    QCOMPARE(rig.document.freeId("Derived"), QStringLiteral("derived-2"));
}

void TstWorkspaceDocument::duplicateGetsItsOwnIdAndName()
{
    Rig rig;
    QVERIFY(rig.open());
    QCOMPARE(rig.document.duplicateFeed("crypto"), QStringLiteral("crypto-copy"));
    QCOMPARE(rig.document.duplicateFeed("crypto"), QStringLiteral("crypto-copy-2"));
    QCOMPARE(rig.document.feeds()->idAt(1), QStringLiteral("crypto-copy-2"));
    QCOMPARE(rig.document.feed("crypto-copy")->name, QStringLiteral("Crypto (copy)"));
    QCOMPARE(rig.document.feed("crypto-copy")->symbols, QStringList({"BTC-USD"}));
    QCOMPARE(savedJson(rig.path).value("feeds").toArray().size(), 4);
}

void TstWorkspaceDocument::importReplacesTheFeedsOnlyWhenTheFileIsValid()
{
    Rig rig;
    QVERIFY(rig.open());
    const QString bad = rig.dir.filePath("bad.json");
    QVERIFY(writeAll(bad, "{\"version\":1,\"feeds\":[{\"id\":\"x\",\"protocol\":\"coinbase\",\"url\":\"ftp://x/\"}]}"));
    const QString problems = rig.document.importFrom(bad);
    QVERIFY2(problems.contains(bad) && problems.contains("feeds[0].url"), qPrintable(problems));
    QCOMPARE(rig.document.feedCount(), 2);

    const QString good = rig.dir.filePath("good.json");
    QVERIFY(writeAll(good, "{\"version\":1,\"feeds\":[{\"id\":\"stock\",\"protocol\":\"coinbase\",\"url\":\"ws://127.0.0.1:9/\"}]}"));
    QCOMPARE(rig.document.importFrom(good), QString());
    QCOMPARE(rig.document.feedCount(), 1);
    QCOMPARE(rig.document.feeds()->idAt(0), QStringLiteral("stock"));
    const QJsonObject saved = savedJson(rig.path);
    QCOMPARE(saved.value("feeds").toArray().size(), 1);
    QCOMPARE(saved.value("layout").toObject().value("columns").toInt(), 3); // the workspace's own keys stay
}

void TstWorkspaceDocument::exportWritesTheWorkspaceThatLoadsBack()
{
    Rig rig;
    QVERIFY(rig.open());
    const QString target = rig.dir.filePath("copy.json");
    QCOMPARE(rig.document.exportTo(target), QString());
    const workspace::LoadResult loaded = workspace::loadWorkspaceFile(target, codec::knownProtocols());
    QVERIFY(loaded.workspace);
    QCOMPARE(loaded.workspace->feeds.size(), 2);
    QCOMPARE(loaded.workspace->feeds.at(0).extra.value("colour").toString(), QStringLiteral("teal"));
    const QString error = rig.document.exportTo(rig.dir.filePath("missing/copy.json"));
    QVERIFY2(error.contains("missing"), qPrintable(error));
}

void TstWorkspaceDocument::theDemoIsNeverSavedOverAnExistingWorkspace()
{
    // XDG_CONFIG_HOME is a test folder (see tests/CMakeLists.txt).
    const QString saved = workspace::defaultWorkspacePath();
    QFile::remove(saved);
    const app::editor::ChosenWorkspace demo{.workspace = app::editor::demoWorkspace(), .path = {}, .isDemo = true};
    const app::editor::SaveTarget first = app::editor::saveTargetFor(demo);
    QCOMPARE(first.path, saved); // the first change makes the demo the user's workspace
    QVERIFY(first.createFolder);

    QVERIFY(QDir().mkpath(QFileInfo(saved).path()));
    QVERIFY(writeAll(saved, kSaved));
    const app::editor::SaveTarget later = app::editor::saveTargetFor(demo);
    QVERIFY(later.path.isEmpty());
    QVERIFY2(later.notSavedReason.contains(saved), qPrintable(later.notSavedReason));
    QFile::remove(saved);
}

void TstWorkspaceDocument::afterAFailedLoadTheDemoRunsButNothingIsSaved()
{
    Rig rig;
    QVERIFY(writeAll(rig.path, "{ broken"));
    rig.document.showLoadProblems(rig.path, QStringLiteral("workspace.json: not valid JSON at line 1"));
    QVERIFY(!rig.document.loadProblems().isEmpty());
    QCOMPARE(rig.document.feedCount(), 0);
    rig.document.openDemo();
    QVERIFY(rig.document.loadProblems().isEmpty());
    QCOMPARE(rig.document.feedCount(), 2);
    QVERIFY(rig.document.path().isEmpty());
    QVERIFY(rig.document.saveNotice().contains(rig.path));
    QVERIFY(rig.document.setEnabled("market", false));
    QCOMPARE(readAll(rig.path), QByteArray("{ broken"));
}

QTEST_MAIN(TstWorkspaceDocument)
#include "tst_workspacedocument.moc"
