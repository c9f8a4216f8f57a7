// The feed editor: a typed draft of one feed, edited by section, checked with the workspace
// file's own rules, applied to the workspace file (a real one, in a temporary folder).
#include "app/editor/FeedEditor.h"
#include "app/editor/WorkspaceDocument.h"
#include "app/health/FeedStatusModel.h"
#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedManager.h"
#include "core/workspace/WorkspaceFile.h"
#include "core/workspace/WorkspaceParser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace feeddeck;
using app::editor::FeedEditor;
using app::editor::WorkspaceDocument;

namespace {

// Feeds that never connect (nothing listens on the discard port): these tests are about the settings.
const QByteArray kSaved = "{\"version\": 1, \"feeds\": ["
                          "{\"id\": \"crypto\", \"name\": \"Crypto\", \"protocol\": \"coinbase\","
                          " \"url\": \"ws://127.0.0.1:9/\", \"symbols\": [\"BTC-USD\"], \"colour\": \"teal\","
                          " \"reconnect\": {\"initial_ms\": 500, \"max_ms\": 1000}},"
                          "{\"id\": \"stock\", \"name\": \"Stock\", \"protocol\": \"json\","
                          " \"url\": \"ws://127.0.0.1:9/stock\", \"symbols\": [],"
                          " \"json\": {\"subscribe\": {\"op\": \"sub\", \"ids\": \"$symbols\"},"
                          " \"match\": {\"type\": \"level\"}, \"key\": [\"sku\"], \"fields\": [\"on_hand\"]}}"
                          "]}";

QJsonObject savedFeed(const QString &path, int index)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value("feeds").toArray().at(index).toObject();
}

struct Rig
{
    QTemporaryDir dir;
    QString path = dir.filePath("workspace.json");
    feed::FeedManager engine;
    app::health::FeedStatusModel status;
    WorkspaceDocument document{engine};
    FeedEditor editor{document, status};

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

using Edit = std::function<void(FeedEditor &)>;

} // namespace

Q_DECLARE_METATYPE(Edit)

class TstFeedEditor : public QObject
{
    Q_OBJECT

private slots:
    void editingAFeedShowsItsSettingsBySection();
    void eachSectionSignalsOnlyItsOwnChanges();
    void badValuesAreProblemsKeyedByTheSettingsPath_data();
    void badValuesAreProblemsKeyedByTheSettingsPath();
    void applyWritesTheWorkspaceFileAndKeepsUnknownKeys();
    void applyRefusesSettingsWithProblems();
    void revertRestoresTheSettingsAsOpened();
    void startNewTakesTheRegistrysStarterAndTheWorkspacesDefaults_data();
    void startNewTakesTheRegistrysStarterAndTheWorkspacesDefaults();
    void aNewFeedIsAddedByApplyAndThenEdited();
    void switchingProtocolTakesTheNewProtocolsOptions();
    void symbolsOfAnExistingFeedApplyAtOnce();
    void symbolsOfANewFeedWaitForApply();
    void mappingTextsAreCheckedAsJson();
};

void TstFeedEditor::editingAFeedShowsItsSettingsBySection()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QVERIFY(rig.editor.isActive());
    QVERIFY(!rig.editor.isNew());
    QCOMPARE(rig.editor.feedId(), QStringLiteral("crypto"));
    QCOMPARE(rig.editor.name(), QStringLiteral("Crypto"));
    QCOMPARE(rig.editor.url(), QStringLiteral("ws://127.0.0.1:9/"));
    QCOMPARE(rig.editor.protocol(), QStringLiteral("coinbase"));
    QCOMPARE(rig.editor.limits()->initialDelayMs(), 500);
    QCOMPARE(rig.editor.limits()->maxDelayMs(), 1000);
    // What the file leaves out comes from the workspace's defaults.
    const workspace::FeedConfig defaults;
    QCOMPARE(rig.editor.limits()->staleAfterMs(), defaults.staleAfterMs);
    QCOMPARE(rig.editor.limits()->maxRows(), defaults.maxRows);
    QCOMPARE(rig.editor.connection()->proxy(), defaults.proxy);
    QCOMPARE(rig.editor.connection()->transport(), defaults.transport);
    QCOMPARE(rig.editor.connection()->compression(), QStringLiteral("auto"));
    QCOMPARE(rig.editor.options()->channels(), QStringList({"ticker", "heartbeat"}));
    QCOMPARE(rig.editor.options()->coinbaseChannels(), codec::protocolNamed("coinbase")->allowedValues("channels"));
    QCOMPARE(rig.editor.options()->binanceStreams(), codec::protocolNamed("binance")->allowedValues("streams"));
    QCOMPARE(rig.editor.symbols()->symbols(), QStringList{"BTC-USD"});
    QVERIFY(rig.editor.isValid());
    QVERIFY(!rig.editor.isDirty());

    rig.editor.edit("stock");
    QCOMPARE(rig.editor.mapping()->keyFields(), QStringLiteral("sku"));
    QCOMPARE(rig.editor.mapping()->valueFields(), QStringLiteral("on_hand"));
    QCOMPARE(rig.editor.mapping()->matchFilter(), QStringLiteral(R"({"type":"level"})"));
    QVERIFY(!rig.editor.isDirty());

    rig.editor.edit("nope");
    QVERIFY(!rig.editor.isActive());
}

void TstFeedEditor::eachSectionSignalsOnlyItsOwnChanges()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QSignalSpy limits(rig.editor.limits(), &app::editor::LimitsDraft::changed);
    QSignalSpy connection(rig.editor.connection(), &app::editor::ConnectionDraft::changed);
    QSignalSpy options(rig.editor.options(), &app::editor::ProtocolOptionsDraft::changed);
    QSignalSpy basics(&rig.editor, &FeedEditor::basicsChanged);
    QSignalSpy checked(&rig.editor, &FeedEditor::checked);

    rig.editor.limits()->setMaxRows(500);
    QCOMPARE(limits.count(), 1);
    QCOMPARE(checked.count(), 1);
    QCOMPARE(connection.count(), 0);
    QCOMPARE(options.count(), 0);
    QCOMPARE(basics.count(), 0);
    QVERIFY(rig.editor.isDirty());

    rig.editor.limits()->setMaxRows(500); // no change, no signal
    QCOMPARE(limits.count(), 1);

    rig.editor.connection()->setTransport("qtwebsockets");
    QCOMPARE(connection.count(), 1);
    rig.editor.options()->setChannels({"ticker"});
    QCOMPARE(options.count(), 1);
    rig.editor.setName("Crypto desk");
    QCOMPARE(basics.count(), 1);
    QCOMPARE(limits.count(), 1);
    QCOMPARE(checked.count(), 4);
}

void TstFeedEditor::badValuesAreProblemsKeyedByTheSettingsPath_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("url not a url") << Edit([](FeedEditor &e) { e.setUrl("wss://exa mple"); }) << "url"
                                   << R"("wss://exa mple" is not a valid URL; write it like wss://host:port/path)";
    QTest::newRow("url empty") << Edit([](FeedEditor &e) { e.setUrl(""); }) << "url"
                               << "is empty; use ws://, wss:// or sim://market";
    QTest::newRow("name empty") << Edit([](FeedEditor &e) { e.setName(" "); }) << "name"
                                << "is empty; give the feed a name people will recognise";
    QTest::newRow("reconnect max zero") << Edit([](FeedEditor &e) { e.limits()->setMaxDelayMs(0); })
                                        << "reconnect.max_ms"
                                        << "must be positive, found 0; use a value from 1 to 3600000";
    QTest::newRow("reconnect initial above max") << Edit([](FeedEditor &e) { e.limits()->setInitialDelayMs(5000); })
                                                 << "reconnect.initial_ms"
                                                 << "5000 is larger than max_ms (1000); make initial_ms at most max_ms";
    QTest::newRow("ping below a second") << Edit([](FeedEditor &e) { e.limits()->setPingIntervalMs(10); })
                                         << "ping_interval_ms"
                                         << "must be 0 (ping only when the feed is silent) or at least 1000 ms, found 10";
    QTest::newRow("rows too many") << Edit([](FeedEditor &e) { e.limits()->setMaxRows(2'000'000); }) << "max_rows"
                                   << "must be at most 1000000, found 2000000; use a value from 1 to 1000000";
    QTest::newRow("channels without ticker") << Edit([](FeedEditor &e) { e.options()->setChannels({"heartbeat"}); })
                                             << "options.channels"
                                             << R"(does not include "ticker", the channel FeedDeck shows prices from; add it)";
    QTest::newRow("channels none") << Edit([](FeedEditor &e) { e.options()->setChannels({}); }) << "options.channels"
                                   << R"(is empty; list the Coinbase channels to subscribe to, such as ["ticker", "heartbeat"], or remove it for the defaults)";
    QTest::newRow("header without a name")
        << Edit([](FeedEditor &e) { e.connection()->setHeaders({QVariantMap{{"name", ""}, {"value", "x"}}}); })
        << "headers" << "a header has a value but no name; name it or remove the row";
    QTest::newRow("subprotocol with a space") << Edit([](FeedEditor &e) { e.connection()->setSubprotocolsText("a b"); })
                                              << "subprotocols[0]"
                                              << R"("a b" is not a subprotocol name: use 1 to 64 letters, digits and !#$%&'*+-.^_`|~ (no spaces or commas))";
    QTest::newRow("nats subject pattern") << Edit([](FeedEditor &e) {
        e.startNew("nats");
        e.addSymbols("a..b");
        e.setName("Relay"); // symbols of a new feed are checked with the next edit
    }) << "symbols[1]" << R"("a..b" is not a NATS subject pattern: )";
}

void TstFeedEditor::badValuesAreProblemsKeyedByTheSettingsPath()
{
    QFETCH(Edit, edit);
    QFETCH(QString, path);
    QFETCH(QString, message);
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QVERIFY(rig.editor.isValid());
    edit(rig.editor);
    QVERIFY2(rig.editor.problems().contains(path), qPrintable(QStringList(rig.editor.problems().keys()).join(", ")));
    const QString shown = rig.editor.problems().value(path).toString();
    if (message.endsWith(u' ')) // the protocol's own explanation follows
        QVERIFY2(shown.startsWith(message), qPrintable(shown));
    else
        QCOMPARE(shown, message);
    QVERIFY(!rig.editor.isValid());
    QVERIFY(!rig.editor.draftConfig());
}

void TstFeedEditor::applyWritesTheWorkspaceFileAndKeepsUnknownKeys()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    rig.editor.setName("Crypto desk");
    rig.editor.setUrl("wss://feed.example/ws?key=${env:DESK_KEY}");
    rig.editor.limits()->setMaxDelayMs(8000);
    rig.editor.limits()->setMaxRows(500);
    rig.editor.connection()->setProxy("none");
    rig.editor.connection()->setCompression("off");
    rig.editor.options()->setChannels({"ticker", "matches"});
    QVERIFY(rig.editor.isDirty());
    QVERIFY(rig.editor.apply());
    QVERIFY(!rig.editor.isDirty());
    QCOMPARE(rig.editor.applyError(), QString());

    const QJsonObject saved = savedFeed(rig.path, 0);
    QCOMPARE(saved.value("id").toString(), QStringLiteral("crypto"));
    QCOMPARE(saved.value("name").toString(), QStringLiteral("Crypto desk"));
    QCOMPARE(saved.value("url").toString(), QStringLiteral("wss://feed.example/ws?key=${env:DESK_KEY}"));
    QCOMPARE(saved.value("reconnect").toObject().value("max_ms").toInt(), 8000);
    QCOMPARE(saved.value("max_rows").toInt(), 500);
    QCOMPARE(saved.value("proxy").toString(), QStringLiteral("none"));
    QCOMPARE(saved.value("compression").toString(), QStringLiteral("off"));
    QCOMPARE(saved.value("options").toObject().value("channels").toArray(), (QJsonArray{"ticker", "matches"}));
    QCOMPARE(saved.value("colour").toString(), QStringLiteral("teal")); // a key FeedDeck does not know
    QCOMPARE(saved.value("symbols").toArray(), QJsonArray{"BTC-USD"});
    QCOMPARE(rig.document.feed("crypto")->name, QStringLiteral("Crypto desk"));
    // The editor now shows what was applied.
    QCOMPARE(rig.editor.limits()->maxDelayMs(), 8000);
    QCOMPARE(rig.editor.url(), QStringLiteral("wss://feed.example/ws?key=${env:DESK_KEY}"));
}

void TstFeedEditor::applyRefusesSettingsWithProblems()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    const QJsonObject before = savedFeed(rig.path, 0);
    rig.editor.limits()->setMaxDelayMs(0);
    QVERIFY(!rig.editor.apply());
    QCOMPARE(rig.editor.applyError(), QStringLiteral("Fix the settings marked in red first"));
    QCOMPARE(savedFeed(rig.path, 0), before);
}

void TstFeedEditor::revertRestoresTheSettingsAsOpened()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QSignalSpy limits(rig.editor.limits(), &app::editor::LimitsDraft::changed);
    rig.editor.setName("Something else");
    rig.editor.setUrl("not a url");
    rig.editor.limits()->setStaleAfterMs(50);
    rig.editor.connection()->setHeaders({QVariantMap{{"name", "X-Key"}, {"value", "1"}}});
    rig.editor.options()->setChannels({"heartbeat"});
    QVERIFY(!rig.editor.isValid());
    rig.editor.revert();
    QCOMPARE(rig.editor.name(), QStringLiteral("Crypto"));
    QCOMPARE(rig.editor.url(), QStringLiteral("ws://127.0.0.1:9/"));
    QCOMPARE(rig.editor.limits()->staleAfterMs(), workspace::FeedConfig{}.staleAfterMs);
    QVERIFY(rig.editor.connection()->headers().isEmpty());
    QCOMPARE(rig.editor.options()->channels(), QStringList({"ticker", "heartbeat"}));
    QVERIFY(rig.editor.isValid());
    QVERIFY(!rig.editor.isDirty());
    QVERIFY(rig.editor.problems().isEmpty());
    QCOMPARE(limits.count(), 2); // the edit, then the revert
    QCOMPARE(rig.document.feed("crypto")->name, QStringLiteral("Crypto")); // nothing was applied
}

void TstFeedEditor::startNewTakesTheRegistrysStarterAndTheWorkspacesDefaults_data()
{
    QTest::addColumn<QString>("protocol");
    for (const codec::ProtocolDescription &protocol : codec::protocols())
        QTest::newRow(qPrintable(protocol.name)) << protocol.name;
}

void TstFeedEditor::startNewTakesTheRegistrysStarterAndTheWorkspacesDefaults()
{
    QFETCH(QString, protocol);
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.startNew(protocol);
    const codec::ProtocolDescription &description = *codec::protocolNamed(protocol);
    QVERIFY(rig.editor.isActive());
    QVERIFY(rig.editor.isNew());
    QCOMPARE(rig.editor.feedId(), QString());
    QCOMPARE(rig.editor.protocol(), protocol);
    QCOMPARE(rig.editor.name(), description.starter.name);
    QCOMPARE(rig.editor.url(), description.starter.url);
    QCOMPARE(rig.editor.symbols()->symbols(), description.starter.symbols);
    QVERIFY2(rig.editor.isValid(), qPrintable(QStringList(rig.editor.problems().keys()).join(", ")));
    QVERIFY(rig.editor.isDirty()); // not in the workspace yet
    const workspace::FeedConfig defaults;
    QCOMPARE(rig.editor.limits()->initialDelayMs(), defaults.reconnect.initialMs);
    QCOMPARE(rig.editor.limits()->maxDelayMs(), defaults.reconnect.maxMs);
    QCOMPARE(rig.editor.limits()->historyPoints(), defaults.historyPoints);
    QCOMPARE(qint64(rig.editor.limits()->maxMessageBytes()), workspace::defaultMaxMessageBytes(protocol));
    QCOMPARE(rig.editor.connection()->proxy(), defaults.proxy);
    if (protocol == QLatin1String("coinbase"))
        QCOMPARE(QJsonArray::fromStringList(rig.editor.options()->channels()), description.defaultValue("channels"));
    if (protocol == QLatin1String("binance"))
        QCOMPARE(QJsonArray::fromStringList(rig.editor.options()->streams()), description.defaultValue("streams"));
    if (protocol == QLatin1String("nats"))
        QVERIFY(rig.editor.options()->natsHistory());
    if (protocol == QLatin1String("json"))
        QCOMPARE(rig.editor.mapping()->keyFields(), QStringLiteral("symbol"));
}

void TstFeedEditor::aNewFeedIsAddedByApplyAndThenEdited()
{
    Rig rig;
    QVERIFY(rig.open());
    QSignalSpy added(&rig.editor, &FeedEditor::feedAdded);
    rig.editor.startNew("kraken"); // not a protocol of this build: the first one's starter
    QCOMPARE(rig.editor.protocol(), codec::protocols().constFirst().name);
    rig.editor.startNew("binance");
    QVERIFY(rig.editor.apply());
    QCOMPARE(added.count(), 1);
    const QString id = added.at(0).at(0).toString();
    QCOMPARE(id, QStringLiteral("binance-spot"));
    QVERIFY(!rig.editor.isNew());
    QCOMPARE(rig.editor.feedId(), id);
    QVERIFY(!rig.editor.isDirty());
    const QJsonObject saved = savedFeed(rig.path, 2);
    QCOMPARE(saved.value("id").toString(), id);
    QCOMPARE(saved.value("url").toString(), codec::protocolNamed("binance")->starter.url);
    QCOMPARE(saved.value("options").toObject().value("streams").toArray(), QJsonArray{"ticker"});
}

void TstFeedEditor::switchingProtocolTakesTheNewProtocolsOptions()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.startNew("coinbase");
    QSignalSpy options(rig.editor.options(), &app::editor::ProtocolOptionsDraft::changed);
    rig.editor.setProtocol("binance");
    QCOMPARE(options.count(), 1);
    QCOMPARE(rig.editor.options()->streams(), QStringList{"ticker"});
    QVERIFY(rig.editor.isValid());
    rig.editor.options()->setStreams({"ticker", "trade"});

    rig.editor.setProtocol("json");
    QCOMPARE(rig.editor.mapping()->keyFields(), QStringLiteral("symbol")); // the template to adapt
    QVERIFY(rig.editor.isValid());

    rig.editor.setProtocol("nats");
    QCOMPARE(qint64(rig.editor.limits()->maxMessageBytes()), workspace::kNatsMaxMessageBytes);
    QVERIFY(rig.editor.options()->natsHistory());
    rig.editor.options()->setNatsHistory(false);
    rig.editor.options()->setNatsUser("${env:NATS_USER}");
    rig.editor.addSymbols("feeddeck.>");
    QVERIFY(rig.editor.apply());
    const QJsonObject saved = savedFeed(rig.path, 2);
    QCOMPARE(saved.value("protocol").toString(), QStringLiteral("nats"));
    QCOMPARE(saved.value("options").toObject(),
             (QJsonObject{{"history", false}, {"user", "${env:NATS_USER}"}})); // no streams left behind
    QCOMPARE(saved.value("max_message_bytes").toInteger(), workspace::kNatsMaxMessageBytes);

    // An existing feed keeps the largest message it has.
    rig.editor.edit("crypto");
    rig.editor.setProtocol("binance");
    QCOMPARE(qint64(rig.editor.limits()->maxMessageBytes()), workspace::FeedConfig{}.maxMessageBytes);
    QVERIFY(!rig.editor.options()->streams().isEmpty());
}

void TstFeedEditor::symbolsOfAnExistingFeedApplyAtOnce()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("crypto");
    QCOMPARE(rig.editor.addSymbols("ETH-USD, SOL-USD"), QStringLiteral("Added 2 symbols"));
    QCOMPARE(rig.document.feed("crypto")->symbols, QStringList({"BTC-USD", "ETH-USD", "SOL-USD"}));
    QCOMPARE(savedFeed(rig.path, 0).value("symbols").toArray(), (QJsonArray{"BTC-USD", "ETH-USD", "SOL-USD"}));
    QVERIFY(!rig.editor.isDirty()); // nothing left to apply
    QCOMPARE(rig.editor.addSymbols("ETH-USD"), QStringLiteral("already subscribed: ETH-USD"));

    rig.editor.removeSymbol(0);
    QCOMPARE(rig.editor.symbolNotice(), QStringLiteral("Removed BTC-USD"));
    rig.editor.moveSymbol(1, 0);
    QCOMPARE(rig.editor.symbols()->symbols(), QStringList({"SOL-USD", "ETH-USD"}));
    QCOMPARE(savedFeed(rig.path, 0).value("symbols").toArray(), (QJsonArray{"SOL-USD", "ETH-USD"}));
    rig.editor.removeSymbol(7); // no such row: nothing happens
    QCOMPARE(rig.editor.symbols()->symbols(), QStringList({"SOL-USD", "ETH-USD"}));

    // Reverting other settings keeps the subscriptions.
    rig.editor.setName("Renamed");
    rig.editor.revert();
    QCOMPARE(rig.editor.symbols()->symbols(), QStringList({"SOL-USD", "ETH-USD"}));
}

void TstFeedEditor::symbolsOfANewFeedWaitForApply()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.startNew("coinbase");
    QCOMPARE(rig.editor.addSymbols("BTC-USD, ETH-USD"), QStringLiteral("Added 2 symbols"));
    QCOMPARE(rig.document.feedCount(), 2);
    rig.editor.removeSymbol(1);
    QVERIFY(rig.editor.apply());
    QCOMPARE(rig.document.feedCount(), 3);
    QCOMPARE(savedFeed(rig.path, 2).value("symbols").toArray(), QJsonArray{"BTC-USD"});
}

void TstFeedEditor::mappingTextsAreCheckedAsJson()
{
    Rig rig;
    QVERIFY(rig.open());
    rig.editor.edit("stock");
    QSignalSpy mapping(rig.editor.mapping(), &app::editor::MappingDraft::changed);
    rig.editor.mapping()->setMatchFilter("{\"type\": ");
    QCOMPARE(mapping.count(), 1);
    QVERIFY(rig.editor.problems().value("json.match").toString().startsWith("not valid JSON at character"));
    rig.editor.mapping()->setMatchFilter("[1]");
    QCOMPARE(rig.editor.problems().value("json.match").toString(),
             QStringLiteral(R"(must be an object such as {"type": "update"})"));
    rig.editor.mapping()->setMatchFilter(R"({"type": "stock"})");
    rig.editor.mapping()->setKeyFields("");
    QVERIFY(rig.editor.problems().contains("json.key")); // the mapping's own rule, as in the file
    rig.editor.mapping()->setKeyFields("sku, site");
    QVERIFY(rig.editor.isValid());
    QVERIFY(rig.editor.apply());
    const QJsonObject json = savedFeed(rig.path, 1).value("json").toObject();
    QCOMPARE(json.value("key").toArray(), (QJsonArray{"sku", "site"}));
    QCOMPARE(json.value("match").toObject(), (QJsonObject{{"type", "stock"}}));
}

QTEST_GUILESS_MAIN(TstFeedEditor)
#include "tst_feededitor.moc"
