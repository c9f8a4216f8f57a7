#include "core/workspace/WorkspaceFile.h"
#include "core/workspace/WorkspaceSerializer.h"
#include "tests/support/NoFreeFileHandle.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace feeddeck::workspace;

namespace {

const QStringList kProtocols = {QStringLiteral("coinbase"), QStringLiteral("binance"), QStringLiteral("json")};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// A workspace large enough that writing it cannot fit under a small file-size limit.
Workspace bigWorkspace()
{
    Workspace ws;
    for (int f = 0; f < 4; ++f) {
        FeedConfig feed;
        feed.id = QStringLiteral("feed%1").arg(f);
        feed.protocol = QStringLiteral("binance");
        feed.url = QUrl(QStringLiteral("wss://stream.binance.com:9443/ws"));
        for (int i = 0; i < 200; ++i)
            feed.symbols.append(QStringLiteral("SYMBOL-%1-%2").arg(f).arg(i));
        ws.feeds.append(feed);
    }
    return ws;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}


} // namespace

class TstWorkspaceFile : public QObject
{
    Q_OBJECT

private slots:
    void defaultPathIsUnderXdgConfigHome();
    void savedFileLoadsBackWithUnknownKeys();
    void saveReplacesAnExistingFile();
    void saveCreatesTheParentFolderOnlyWhenAsked();
    void saveIntoAPathWhoseParentIsAFileFailsCleanly();
    void failedWriteLeavesTheOldFileByteIdentical();
    void unopenableTemporaryFileLeavesTheOldFileByteIdentical();
    void loadingAMissingFileNamesThePathAndReason();
    void loadingAFolderIsAProblem();
    void loadingAnEndlessDeviceIsRefused();
    void invalidFileProblemsNameTheFile();
    void demoWorkspaceParses();
};

void TstWorkspaceFile::defaultPathIsUnderXdgConfigHome()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QByteArray previous = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.path()));
    const QString path = defaultWorkspacePath();
    qputenv("XDG_CONFIG_HOME", previous);
    QCOMPARE(path, home.path() + QStringLiteral("/feeddeck/workspace.json"));
}

void TstWorkspaceFile::savedFileLoadsBackWithUnknownKeys()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = QStringLiteral(FEEDDECK_TEST_DATA_DIR "/workspace/full.json");
    const LoadResult loaded = loadWorkspaceFile(source, kProtocols);
    QVERIFY2(loaded.workspace, qPrintable(formatProblems(loaded.problems)));
    QVERIFY(!loaded.fileMissing);

    const QString path = dir.filePath(QStringLiteral("workspace.json"));
    const SaveResult saved = saveWorkspaceFile(path, *loaded.workspace);
    QVERIFY2(saved.ok, qPrintable(saved.error));
    QVERIFY(saved.error.isEmpty());
    QCOMPARE(entries(dir.path()), QStringList{"workspace.json"});

    const LoadResult again = loadWorkspaceFile(path, kProtocols);
    QVERIFY2(again.workspace, qPrintable(formatProblems(again.problems)));
    const Workspace &ws = *again.workspace;
    QCOMPARE(ws.extra.value("layout").toObject().value("theme").toString(), QStringLiteral("dark"));
    QCOMPARE(ws.feeds.size(), 3);
    QCOMPARE(ws.feeds.at(0).extra.value("color").toString(), QStringLiteral("#ff8800"));
    QCOMPARE(ws.feeds.at(0).reconnect.extra.value("jitter").toString(), QStringLiteral("full"));
    QCOMPARE(ws.feeds.at(1).enabled, false);
    QCOMPARE(ws.feeds.at(1).handshakeTimeoutMs, 2500);
    QCOMPARE(ws.feeds.at(2).json, loaded.workspace->feeds.at(2).json);
    QCOMPARE(readAll(path), toJsonBytes(*loaded.workspace));
}

void TstWorkspaceFile::saveReplacesAnExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("workspace.json"));
    QVERIFY(writeAll(path, QByteArray(100000, 'x'))); // longer than the new content: no tail may remain
    const Workspace ws = bigWorkspace();
    const SaveResult saved = saveWorkspaceFile(path, ws);
    QVERIFY2(saved.ok, qPrintable(saved.error));
    QCOMPARE(readAll(path), toJsonBytes(ws));
    QCOMPARE(entries(dir.path()), QStringList{"workspace.json"});
}

void TstWorkspaceFile::saveCreatesTheParentFolderOnlyWhenAsked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config/feeddeck/workspace.json"));

    const SaveResult refused = saveWorkspaceFile(path, Workspace{});
    QVERIFY(!refused.ok);
    QVERIFY2(refused.error.contains(path), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QStringLiteral("does not exist")), qPrintable(refused.error));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("config"))));

    const SaveResult created = saveWorkspaceFile(path, Workspace{}, true);
    QVERIFY2(created.ok, qPrintable(created.error));
    const LoadResult loaded = loadWorkspaceFile(path, kProtocols);
    QVERIFY2(loaded.workspace, qPrintable(formatProblems(loaded.problems)));
    QVERIFY(loaded.workspace->feeds.isEmpty());
}

void TstWorkspaceFile::saveIntoAPathWhoseParentIsAFileFailsCleanly()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
    QVERIFY(writeAll(blocker, "keep me"));
    const QString path = blocker + QStringLiteral("/workspace.json");

    for (const bool createParent : {false, true}) {
        const SaveResult result = saveWorkspaceFile(path, bigWorkspace(), createParent);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(path), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral("is a file, not a folder")), qPrintable(result.error));
    }
    QCOMPARE(readAll(blocker), QByteArray("keep me"));
    QCOMPARE(entries(dir.path()), QStringList{"not-a-folder"});
}

void TstWorkspaceFile::failedWriteLeavesTheOldFileByteIdentical()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_FSIZE to make the disk refuse a write");
#else
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("workspace.json"));
    const LoadResult demo = loadWorkspaceFile(QStringLiteral(FEEDDECK_RESOURCES_DIR "/demo-workspace.json"), kProtocols);
    QVERIFY(demo.workspace);
    QVERIFY(saveWorkspaceFile(path, *demo.workspace).ok);
    const QByteArray before = readAll(path);
    QVERIFY(before.size() > 100);

    const Workspace replacement = bigWorkspace();
    QVERIFY(toJsonBytes(replacement).size() > 16 * 1024);

    // Real disk failure: the kernel refuses any write beyond 4 KiB (EFBIG), as a full disk would.
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit limited = saved;
    limited.rlim_cur = 4096;
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    const SaveResult result = saveWorkspaceFile(path, replacement);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(path), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("unchanged")), qPrintable(result.error));
    QCOMPARE(readAll(path), before);
    QCOMPARE(entries(dir.path()), QStringList{"workspace.json"}); // no temporary file left behind

    // Once the disk accepts writes again the same save succeeds.
    const SaveResult retry = saveWorkspaceFile(path, replacement);
    QVERIFY2(retry.ok, qPrintable(retry.error));
    QCOMPARE(readAll(path), toJsonBytes(replacement));
#endif
}

void TstWorkspaceFile::unopenableTemporaryFileLeavesTheOldFileByteIdentical()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("workspace.json"));
    QVERIFY(writeAll(path, "{\"version\": 1, \"feeds\": []}\n"));
    const QByteArray before = readAll(path);

    SaveResult result;
    {
        const feeddeck::testing::NoFreeFileHandle noHandle; // the save's temporary file cannot be opened
        QVERIFY(noHandle.active());
        result = saveWorkspaceFile(path, bigWorkspace());
    }

    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(path), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("too many open files"), Qt::CaseInsensitive),
             qPrintable(result.error));
    QCOMPARE(readAll(path), before);
    QCOMPARE(entries(dir.path()), QStringList{"workspace.json"});
}

void TstWorkspaceFile::loadingAMissingFileNamesThePathAndReason()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nothing-here.json"));
    const LoadResult result = loadWorkspaceFile(path, kProtocols);
    QVERIFY(!result.workspace);
    QVERIFY(result.fileMissing);
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).file, path);
    QVERIFY2(result.problems.at(0).message.contains(QStringLiteral("No such file or directory")),
             qPrintable(result.problems.at(0).message));
    QVERIFY(result.problems.at(0).toString().startsWith(path + QStringLiteral(": ")));
    QVERIFY(!QFileInfo::exists(path)); // loading never creates anything
}

void TstWorkspaceFile::loadingAFolderIsAProblem()
{
    QTemporaryDir dir;
    const LoadResult result = loadWorkspaceFile(dir.path(), kProtocols);
    QVERIFY(!result.workspace);
    QVERIFY(!result.fileMissing);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY2(result.problems.at(0).message.contains(QStringLiteral("is a folder")),
             qPrintable(result.problems.at(0).message));
}

void TstWorkspaceFile::loadingAnEndlessDeviceIsRefused()
{
#ifndef Q_OS_LINUX
    QSKIP("uses /dev/zero");
#else
    const LoadResult result = loadWorkspaceFile(QStringLiteral("/dev/zero"), kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY2(result.problems.at(0).message.contains(QStringLiteral("larger than 16 MiB")),
             qPrintable(result.problems.at(0).message));
#endif
}

void TstWorkspaceFile::invalidFileProblemsNameTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    const QByteArray bytes = R"({"version": 1, "feeds": [{"id": "a", "protocol": "coinbase", "url": "http://x"}]})";
    QVERIFY(writeAll(path, bytes));
    const LoadResult result = loadWorkspaceFile(path, kProtocols);
    QVERIFY(!result.workspace);
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).toString(),
             path + QStringLiteral(": feeds[0].url: \"http://x\" is not a WebSocket URL; use ws://, wss:// or sim://market"));
    QCOMPARE(readAll(path), bytes); // an invalid file is reported, never rewritten
}

void TstWorkspaceFile::demoWorkspaceParses()
{
    const LoadResult result =
        loadWorkspaceFile(QStringLiteral(FEEDDECK_RESOURCES_DIR "/demo-workspace.json"), kProtocols);
    QVERIFY2(result.workspace, qPrintable(formatProblems(result.problems)));
    const Workspace &ws = *result.workspace;
    QCOMPARE(ws.feeds.size(), 2);
    const FeedConfig &stock = ws.feeds.at(1);
    QCOMPARE(stock.id, QStringLiteral("stock"));
    QCOMPARE(stock.protocol, QStringLiteral("json"));
    QCOMPARE(stock.url.toString(), QStringLiteral("sim://inventory"));
    QCOMPARE(stock.symbols.size(), 8);
    QCOMPARE(stock.json.value("key").toArray(), (QJsonArray{"sku", "warehouse"}));
    const FeedConfig &market = ws.feeds.at(0);
    QCOMPARE(market.id, QStringLiteral("market"));
    QCOMPARE(market.name, QStringLiteral("Market (simulated)"));
    QCOMPARE(market.protocol, QStringLiteral("coinbase"));
    QCOMPARE(market.url.toString(), QStringLiteral("sim://market"));
    QCOMPARE(market.symbols, (QStringList{"BTC-USD", "ETH-USD", "SOL-USD", "LTC-USD", "AAPL", "MSFT", "NVDA",
                                          "EUR-USD"}));
    QCOMPARE(market.options.value("channels").toArray(), (QJsonArray{"ticker", "heartbeat"}));
    QCOMPARE(market.staleAfterMs, 5000);
    QCOMPARE(market.reconnect.initialMs, 250);
    QCOMPARE(market.reconnect.maxMs, 5000);
    QCOMPARE(market.enabled, true);
    QVERIFY(market.extra.isEmpty());
    QVERIFY(ws.extra.isEmpty());
}

QTEST_GUILESS_MAIN(TstWorkspaceFile)
#include "tst_workspacefile.moc"
