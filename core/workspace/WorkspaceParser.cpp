#include "core/workspace/WorkspaceParser.h"

#include "core/codec/CodecRegistry.h"
#include "core/codec/JsonPath.h"
#include "core/net/ProxyResolver.h"
#include "core/workspace/AlertRulesParser.h"
#include "core/workspace/DerivedSeriesParser.h"
#include "core/workspace/KnownFeeds.h"
#include "core/workspace/UrlTemplate.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace feeddeck::workspace {

namespace {

using codec::childPath;
using codec::indexPath;
using codec::jsonTypeName;
using codec::quotedText;

const QString kSimMarket = QStringLiteral("sim://market");
const QString kSimInventory = QStringLiteral("sim://inventory");

const QStringList kRootKeys = {QStringLiteral("version"), QStringLiteral("feeds"), QStringLiteral("max_problems"),
                               QStringLiteral("alerts"), QStringLiteral("derived")};
const QStringList kFeedKeys = {
    QStringLiteral("id"),           QStringLiteral("name"),
    QStringLiteral("protocol"),     QStringLiteral("url"),
    QStringLiteral("symbols"),      QStringLiteral("enabled"),
    QStringLiteral("options"),      QStringLiteral("json"),
    QStringLiteral("reconnect"),    QStringLiteral("stale_after_ms"),
    QStringLiteral("handshake_timeout_ms"), QStringLiteral("max_message_bytes"), QStringLiteral("ping_interval_ms"),
    QStringLiteral("max_symbol_bytes"), QStringLiteral("max_rows"),
    QStringLiteral("history_points"), QStringLiteral("headers"),
    QStringLiteral("ca_file"),      QStringLiteral("proxy"),
    QStringLiteral("subprotocols"), QStringLiteral("transport"),
    QStringLiteral("compression"),  QStringLiteral("payload"),
};
const QStringList kReconnectKeys = {QStringLiteral("initial_ms"), QStringLiteral("max_ms")};

QString numberText(double number)
{
    return QString::fromUtf8(codec::compactJson(number));
}

// A path relative to `parent` ("key[1]", "[0]", "") made absolute ("feeds[2].json.key[1]").
QString joinPath(const QString &parent, const QString &relative)
{
    if (relative.isEmpty())
        return parent;
    if (relative.startsWith(u'['))
        return parent + relative;
    return parent + u'.' + relative;
}

// RFC 9110 token characters, the only ones allowed in a header name.
bool isHeaderName(const QString &name)
{
    static const QString kSpecials = QStringLiteral("!#$%&'*+-.^_`|~");
    if (name.isEmpty())
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
               || kSpecials.contains(c);
    });
}

struct TextPosition
{
    qsizetype line = 1;
    qsizetype column = 1;
};

// QJsonParseError gives a byte offset; people need a line and a column (counted in characters).
TextPosition positionOf(const QByteArray &json, qsizetype offset)
{
    const qsizetype end = std::clamp<qsizetype>(offset, 0, json.size());
    TextPosition position;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < end; ++i) {
        if (json.at(i) == '\n') {
            ++position.line;
            lineStart = i + 1;
        }
    }
    position.column = QString::fromUtf8(json.constData() + lineStart, end - lineStart).size() + 1;
    return position;
}

class Parser
{
public:
    Parser(const QString &file, const QStringList &knownProtocols)
        : m_file(file)
        , m_knownProtocols(knownProtocols)
    {
    }

    ParseResult parse(const QByteArray &input)
    {
        Workspace workspace;
        QByteArray json = input;
        // Some editors start UTF-8 files with a byte order mark; it carries no meaning.
        if (json.startsWith("\xEF\xBB\xBF"))
            json.remove(0, 3);

        // Anywhere else it is an invisible character that Qt's JSON reader drops from the start
        // of a string, so what was read would not be what is saved: refuse it and say where.
        if (const qsizetype bom = json.indexOf("\xEF\xBB\xBF"); bom >= 0) {
            const TextPosition at = positionOf(json, bom);
            report({}, QStringLiteral("an invisible byte order mark (U+FEFF) at line %1, column %2; delete it in a "
                                      "text editor (it may only be the file's first character)")
                           .arg(QString::number(at.line), QString::number(at.column)));
            return finish(std::move(workspace));
        }

        if (json.trimmed().isEmpty()) {
            report({}, QStringLiteral("the file is empty; write a workspace such as "
                                      "{\"version\": 1, \"feeds\": []}"));
            return finish(std::move(workspace));
        }
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError) {
            const TextPosition at = positionOf(json, error.offset);
            report({}, QStringLiteral("not valid JSON at line %1, column %2: %3; fix the syntax in a text editor")
                           .arg(QString::number(at.line), QString::number(at.column), error.errorString()));
            return finish(std::move(workspace));
        }
        if (!document.isObject()) {
            report({}, QStringLiteral("the top level must be an object such as {\"version\": 1, \"feeds\": []}, "
                                      "found %1")
                           .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("nothing")));
            return finish(std::move(workspace));
        }

        const QJsonObject root = document.object();
        parseVersion(root.value(QStringLiteral("version")));
        parseFeeds(root.value(QStringLiteral("feeds")), workspace);
        // After the feeds: derived series read them, and a rule names a feed or a derived series.
        const auto sink = [this](const QString &path, const QString &message) { report(path, message); };
        workspace.derived = parseDerivedSeries(root.value(QStringLiteral("derived")), workspace.feeds, sink);
        QStringList derivedIds;
        for (const DerivedSeriesConfig &series : workspace.derived)
            derivedIds.append(series.id);
        workspace.alerts = parseAlertRules(root.value(QStringLiteral("alerts")), workspace.feeds, derivedIds, sink);
        readOptionalInteger(root, QStringLiteral("max_problems"), {}, kMinProblemLines, kMaxProblemLines,
                            workspace.maxProblems);
        for (auto it = root.begin(); it != root.end(); ++it) {
            if (!kRootKeys.contains(it.key()))
                workspace.extra.insert(it.key(), it.value());
        }
        return finish(std::move(workspace));
    }

    FeedCheck checkOne(const QJsonObject &object)
    {
        // Parsed as "feed", then the prefix is taken off so paths name the feed's own keys.
        const QString root = QStringLiteral("feed");
        FeedConfig feed = parseFeed(object, root);
        ParseResult parsed = finish(Workspace{});
        FeedCheck check;
        for (WorkspaceProblem problem : std::as_const(parsed.problems)) {
            problem.jsonPath = problem.jsonPath.mid(root.size());
            if (problem.jsonPath.startsWith(u'.'))
                problem.jsonPath.remove(0, 1);
            check.problems.append(problem);
        }
        if (check.problems.isEmpty())
            check.feed = std::move(feed);
        return check;
    }

private:
    void report(const QString &path, const QString &message)
    {
        if (m_problems.size() < kMaxProblems)
            m_problems.append(WorkspaceProblem{m_file, path, message});
        else
            ++m_dropped;
    }

    ParseResult finish(Workspace workspace)
    {
        ParseResult result;
        if (m_dropped > 0) {
            m_problems.append(WorkspaceProblem{
                m_file, {},
                QStringLiteral("%1 more problems not shown; fix the ones above first").arg(m_dropped)});
        }
        result.problems = m_problems;
        if (m_problems.isEmpty())
            result.workspace = std::move(workspace);
        return result;
    }

    std::optional<QString> readString(const QJsonValue &value, const QString &path)
    {
        if (!value.isString()) {
            report(path, QStringLiteral("must be a string, found %1").arg(jsonTypeName(value)));
            return std::nullopt;
        }
        return value.toString();
    }

    // A whole number in [min, max]; anything else is reported and yields nothing.
    std::optional<qint64> readInteger(const QJsonValue &value, const QString &path, qint64 min, qint64 max)
    {
        if (!value.isDouble()) {
            report(path, QStringLiteral("must be a number, found %1").arg(jsonTypeName(value)));
            return std::nullopt;
        }
        const double number = value.toDouble();
        const QString range = QStringLiteral("use a value from %1 to %2").arg(min).arg(max);
        if (!std::isfinite(number) || number != std::trunc(number)) {
            report(path, QStringLiteral("must be a whole number, found %1; %2").arg(numberText(number), range));
            return std::nullopt;
        }
        if (number <= 0 && min > 0) {
            report(path, QStringLiteral("must be positive, found %1; %2").arg(numberText(number), range));
            return std::nullopt;
        }
        if (number < static_cast<double>(min)) {
            report(path, QStringLiteral("must be at least %1, found %2; %3")
                             .arg(QString::number(min), numberText(number), range));
            return std::nullopt;
        }
        if (number > static_cast<double>(max)) {
            report(path, QStringLiteral("must be at most %1, found %2; %3")
                             .arg(QString::number(max), numberText(number), range));
            return std::nullopt;
        }
        return static_cast<qint64>(number);
    }

    // object[key], when present, as a whole number in [min, max] into `into`; `parent` is the object's path.
    void readOptionalInteger(const QJsonObject &object, const QString &key, const QString &parent, qint64 min,
                             qint64 max, int &into)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return;
        if (const auto number = readInteger(value, childPath(parent, key), min, max))
            into = static_cast<int>(*number);
    }

    void parseVersion(const QJsonValue &version)
    {
        const QString path = QStringLiteral("version");
        if (version.isUndefined()) {
            report(path, QStringLiteral("missing; add \"version\": 1 (this FeedDeck reads version 1)"));
        } else if (!version.isDouble()) {
            report(path, QStringLiteral("must be a number, found %1; this FeedDeck reads version 1")
                             .arg(jsonTypeName(version)));
        } else if (version.toDouble() != kWorkspaceVersion) {
            report(path, QStringLiteral("version %1 is not supported; this FeedDeck reads version 1, "
                                        "so open the file with the FeedDeck that wrote it")
                             .arg(numberText(version.toDouble())));
        }
    }

    void parseFeeds(const QJsonValue &feeds, Workspace &workspace)
    {
        const QString path = QStringLiteral("feeds");
        if (feeds.isUndefined()) {
            report(path, QStringLiteral("missing; add \"feeds\": [] with one object per feed"));
            return;
        }
        if (!feeds.isArray()) {
            report(path, QStringLiteral("must be an array of feed objects, found %1").arg(jsonTypeName(feeds)));
            return;
        }
        const QJsonArray array = feeds.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString feedPath = indexPath(path, i);
            const QJsonValue value = array.at(i);
            if (!value.isObject()) {
                report(feedPath, QStringLiteral("must be an object describing one feed, found %1").arg(jsonTypeName(value)));
                continue;
            }
            workspace.feeds.append(parseFeed(value.toObject(), feedPath));
        }
    }

    FeedConfig parseFeed(const QJsonObject &object, const QString &path)
    {
        FeedConfig feed;
        parseId(object.value(QStringLiteral("id")), path + QStringLiteral(".id"), feed);
        parseName(object.value(QStringLiteral("name")), path + QStringLiteral(".name"), feed);
        parseProtocol(object.value(QStringLiteral("protocol")), path + QStringLiteral(".protocol"), feed);
        parseUrl(object.value(QStringLiteral("url")), path + QStringLiteral(".url"), feed);
        parseSymbols(object.value(QStringLiteral("symbols")), path + QStringLiteral(".symbols"), feed);

        const QJsonValue enabled = object.value(QStringLiteral("enabled"));
        if (!enabled.isUndefined()) {
            if (enabled.isBool())
                feed.enabled = enabled.toBool();
            else
                report(path + QStringLiteral(".enabled"),
                       QStringLiteral("must be true or false, found %1").arg(jsonTypeName(enabled)));
        }

        const QJsonValue options = object.value(QStringLiteral("options"));
        if (!options.isUndefined()) {
            if (options.isObject())
                feed.options = options.toObject();
            else
                report(path + QStringLiteral(".options"),
                       QStringLiteral("must be an object such as {\"channels\": [\"ticker\"]}, found %1")
                           .arg(jsonTypeName(options)));
        }

        const QJsonValue json = object.value(QStringLiteral("json"));
        if (json.isObject())
            feed.json = json.toObject();
        else if (!json.isUndefined())
            report(path + QStringLiteral(".json"),
                   QStringLiteral("must be an object that maps messages to rows, found %1").arg(jsonTypeName(json)));

        checkProtocolSettings(path, feed, json);

        parseReconnect(object.value(QStringLiteral("reconnect")), path + QStringLiteral(".reconnect"), feed);

        const QJsonValue stale = object.value(QStringLiteral("stale_after_ms"));
        if (!stale.isUndefined()) {
            if (const auto ms = readInteger(stale, path + QStringLiteral(".stale_after_ms"), kMinTimeoutMs, kMaxTimeoutMs))
                feed.staleAfterMs = static_cast<int>(*ms);
        }
        const QJsonValue handshake = object.value(QStringLiteral("handshake_timeout_ms"));
        if (!handshake.isUndefined()) {
            if (const auto ms = readInteger(handshake, path + QStringLiteral(".handshake_timeout_ms"), kMinTimeoutMs,
                                            kMaxTimeoutMs))
                feed.handshakeTimeoutMs = static_cast<int>(*ms);
        }
        const QJsonValue pingInterval = object.value(QStringLiteral("ping_interval_ms"));
        if (!pingInterval.isUndefined()) {
            // 0 turns the regular ping off; below a second it would be traffic, not measurement.
            if (const auto ms = readInteger(pingInterval, path + QStringLiteral(".ping_interval_ms"), 0, kMaxTimeoutMs)) {
                if (*ms != 0 && *ms < kMinPingIntervalMs)
                    report(path + QStringLiteral(".ping_interval_ms"),
                           QStringLiteral("must be 0 (ping only when the feed is silent) or at least %1 ms, found %2")
                               .arg(kMinPingIntervalMs)
                               .arg(*ms));
                else
                    feed.pingIntervalMs = static_cast<int>(*ms);
            }
        }
        const QJsonValue maxBytes = object.value(QStringLiteral("max_message_bytes"));
        if (maxBytes.isUndefined())
            feed.maxMessageBytes = defaultMaxMessageBytes(feed.protocol);
        if (!maxBytes.isUndefined()) {
            if (const auto bytes = readInteger(maxBytes, path + QStringLiteral(".max_message_bytes"), kMinMessageBytes,
                                               kMaxMessageBytes))
                feed.maxMessageBytes = *bytes;
        }
        readOptionalInteger(object, QStringLiteral("max_symbol_bytes"), path, kMinSymbolBytes, kMaxSymbolBytes,
                            feed.maxSymbolBytes);
        readOptionalInteger(object, QStringLiteral("max_rows"), path, kMinRows, kMaxRows, feed.maxRows);
        readOptionalInteger(object, QStringLiteral("history_points"), path, kMinHistoryPoints, kMaxHistoryPoints,
                            feed.historyPoints);

        parseHeaders(object.value(QStringLiteral("headers")), path + QStringLiteral(".headers"), feed);
        parseCaFile(object.value(QStringLiteral("ca_file")), path + QStringLiteral(".ca_file"), feed);
        parseProxy(object.value(QStringLiteral("proxy")), path + QStringLiteral(".proxy"), feed);
        parseSubprotocols(object.value(QStringLiteral("subprotocols")), path + QStringLiteral(".subprotocols"), feed);
        if (const QJsonValue transport = object.value(QStringLiteral("transport")); !transport.isUndefined()) {
            if (const auto name = readString(transport, path + QStringLiteral(".transport"))) {
                if (*name == QStringLiteral("feeddeck") || *name == QStringLiteral("qtwebsockets"))
                    feed.transport = *name;
                else
                    report(path + QStringLiteral(".transport"),
                           QStringLiteral("%1 is not a transport; use \"feeddeck\" (FeedDeck's own WebSocket client, "
                                          "the default) or \"qtwebsockets\" (Qt's QWebSocket)")
                               .arg(quotedText(*name)));
            }
        }
        if (const auto c = readChoice(object.value(QStringLiteral("compression")), path + QStringLiteral(".compression"),
                                      compressionNames(),
                                      QStringLiteral("\"auto\" offers permessage-deflate to the server, \"off\" does not")))
            feed.compression = *compressionFromName(*c);
        if (const auto p = readChoice(object.value(QStringLiteral("payload")), path + QStringLiteral(".payload"),
                                      payloadNames(),
                                      QStringLiteral("\"text\" takes text frames only; gzip, deflate or zlib when the "
                                                     "server's binary frames carry compressed JSON")))
            feed.payload = *payloadFromName(*p);

        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!kFeedKeys.contains(it.key()))
                feed.extra.insert(it.key(), it.value());
        }
        return feed;
    }

    void parseId(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined()) {
            report(path, QStringLiteral("missing; give the feed a unique id such as \"crypto\""));
            return;
        }
        const auto id = readString(value, path);
        if (!id)
            return;
        feed.id = *id;
        if (id->isEmpty()) {
            report(path, QStringLiteral("is empty; give the feed a unique id such as \"crypto\""));
        } else if (!isWorkspaceId(*id)) {
            report(path, QStringLiteral("%1 may only contain letters, digits, \"_\", \".\" and \"-\"; "
                                        "use an id such as \"crypto-1\"")
                             .arg(quotedText(*id)));
        } else if (*id == kDerivedFeed) {
            report(path, QStringLiteral("%1 names the derived series (charts and alerts read them as feed %1); "
                                        "give the feed another id")
                             .arg(quotedText(*id)));
        } else if (const auto first = m_idPaths.constFind(*id); first != m_idPaths.cend()) {
            report(path, QStringLiteral("duplicate id %1 (also %2); give each feed its own id").arg(quotedText(*id), *first));
        } else {
            m_idPaths.insert(*id, path);
        }
    }

    void parseName(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (!value.isUndefined()) {
            if (const auto name = readString(value, path))
                feed.name = *name;
        }
        if (feed.name.isEmpty())
            feed.name = feed.id;
    }

    void parseProtocol(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        const QString known = m_knownProtocols.isEmpty() ? QStringLiteral("(none available)")
                                                         : m_knownProtocols.join(QStringLiteral(", "));
        if (value.isUndefined()) {
            report(path, QStringLiteral("missing; use one of: %1").arg(known));
            return;
        }
        const auto protocol = readString(value, path);
        if (!protocol)
            return;
        feed.protocol = *protocol;
        if (!m_knownProtocols.contains(*protocol))
            report(path, QStringLiteral("%1 is not a known protocol; use one of: %2").arg(quotedText(*protocol), known));
    }

    void parseUrl(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        const QString example = QStringLiteral("use ws://, wss:// or sim://market");
        if (value.isUndefined()) {
            report(path, QStringLiteral("missing; add the feed's address, e.g. wss://host:port/path or sim://market"));
            return;
        }
        const auto text = readString(value, path);
        if (!text)
            return;
        if (text->isEmpty()) {
            report(path, QStringLiteral("is empty; %1").arg(example));
            return;
        }
        if (text->startsWith(QStringLiteral("sim:"), Qt::CaseInsensitive)) {
            if (*text == kSimMarket || *text == kSimInventory)
                feed.url = QUrl(*text);
            else
                report(path, QStringLiteral("%1 is not a built-in simulator; use sim://market or sim://inventory")
                                 .arg(quotedText(*text)));
            return;
        }
        if (referenceInHostOrPort(*text)) {
            report(path, QStringLiteral("%1 uses ${env:...} in the host or port; environment variables may only "
                                        "hold the user info, path or query (e.g. wss://host/stream?apikey=${env:KEY})")
                             .arg(quotedText(*text)));
            return;
        }
        QUrl url = urlFromTemplate(*text);
        if (!url.isValid() || text->trimmed() != *text) {
            report(path, QStringLiteral("%1 is not a valid URL; write it like wss://host:port/path").arg(quotedText(*text)));
            return;
        }
        const QString scheme = url.scheme().toLower();
        if (scheme != QStringLiteral("ws") && scheme != QStringLiteral("wss") && feed.protocol == QLatin1String("nats")) {
            report(path, QStringLiteral("%1 is not a WebSocket URL; a nats feed connects to the WebSocket listener of "
                                        "a nats-server: use ws://HOST:PORT or wss://HOST:PORT (the \"websocket\" "
                                        "block of its configuration), not its client port")
                             .arg(quotedText(*text)));
            return;
        }
        if (scheme != QStringLiteral("ws") && scheme != QStringLiteral("wss")) {
            report(path, QStringLiteral("%1 is not a WebSocket URL; %2").arg(quotedText(*text), example));
            return;
        }
        if (url.host().isEmpty()) {
            report(path, QStringLiteral("%1 has no host; write it like wss://host:port/path").arg(quotedText(*text)));
            return;
        }
        url.setScheme(scheme);
        feed.url = url;
    }

    // Whether a ${env:NAME} in `text` lands in the host or port: two stand-in values give two hosts.
    static bool referenceInHostOrPort(const QString &text)
    {
        if (!text.contains(QStringLiteral("${env:")))
            return false;
        static const QRegularExpression kReference(QStringLiteral("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}"));
        QString one = text;
        QString two = text;
        const QUrl a(one.replace(kReference, QStringLiteral("1")));
        const QUrl b(two.replace(kReference, QStringLiteral("2")));
        return a.host() != b.host() || a.port() != b.port();
    }

    // "system", "none" or a proxy URL; the URL's credentials may hold ${env:NAME}, read at connect time.
    void parseProxy(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        const auto text = readString(value, path);
        if (!text)
            return;
        const auto setting = net::parseProxySetting(*text);
        if (const QString *problem = std::get_if<QString>(&setting)) {
            report(path, *problem); // the text is not repeated: it may hold a password
            return;
        }
        feed.proxy = *text;
    }

    void parseSymbols(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        if (!value.isArray()) {
            report(path, QStringLiteral("must be an array of strings such as [\"BTC-USD\"], found %1").arg(jsonTypeName(value)));
            return;
        }
        const QJsonArray symbols = value.toArray();
        if (symbols.size() > kMaxSymbolsPerFeed) {
            report(path, QStringLiteral("has %1 symbols but a feed takes at most %2; split them over several feeds")
                             .arg(QString::number(symbols.size()), QString::number(kMaxSymbolsPerFeed)));
        }
        QHash<QString, QString> seen; // symbol -> path of its first use
        for (qsizetype i = 0; i < symbols.size(); ++i) {
            const QString symbolPath = indexPath(path, i);
            const auto symbol = readString(symbols.at(i), symbolPath);
            if (!symbol)
                continue;
            if (symbol->isEmpty()) {
                report(symbolPath, QStringLiteral("is empty; remove it or write a symbol such as \"BTC-USD\""));
            } else if (symbol->size() > kMaxSymbolLength) {
                report(symbolPath, QStringLiteral("is %1 characters long; a symbol has at most %2")
                                       .arg(QString::number(symbol->size()), QString::number(kMaxSymbolLength)));
            } else if (const auto first = seen.constFind(*symbol); first != seen.cend()) {
                report(symbolPath,
                       QStringLiteral("duplicate symbol %1 (also %2); remove one").arg(quotedText(*symbol), *first));
            } else {
                seen.insert(*symbol, symbolPath);
                feed.symbols.append(*symbol);
            }
        }
    }

    // The protocol's own rules (its options, the symbols and URL it accepts, the JSON mapping) come
    // from the codec registry. They are checked only for protocols this build knows; an unknown
    // protocol is reported once, above.
    void checkProtocolSettings(const QString &feedPath, const FeedConfig &feed, const QJsonValue &mapping)
    {
        if (!m_knownProtocols.contains(feed.protocol))
            return;
        const codec::ProtocolDescription *protocol = codec::protocolNamed(feed.protocol);
        if (!protocol || !protocol->validate)
            return;
        const codec::ProtocolProblems problems = protocol->validate(
            {.options = feed.options, .mapping = mapping, .url = feed.url, .symbols = feed.symbols});
        for (const codec::ProtocolProblem &problem : problems)
            report(joinPath(feedPath, problem.path), problem.message);
    }

    void parseReconnect(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        if (!value.isObject()) {
            report(path, QStringLiteral("must be an object such as {\"initial_ms\": 500, \"max_ms\": 30000}, found %1")
                             .arg(jsonTypeName(value)));
            return;
        }
        const QJsonObject reconnect = value.toObject();
        bool valid = true;
        const QJsonValue initial = reconnect.value(QStringLiteral("initial_ms"));
        if (!initial.isUndefined()) {
            const auto ms = readInteger(initial, path + QStringLiteral(".initial_ms"), 1, kMaxReconnectMs);
            valid = valid && ms.has_value();
            if (ms)
                feed.reconnect.initialMs = static_cast<int>(*ms);
        }
        const QJsonValue max = reconnect.value(QStringLiteral("max_ms"));
        if (!max.isUndefined()) {
            const auto ms = readInteger(max, path + QStringLiteral(".max_ms"), 1, kMaxReconnectMs);
            valid = valid && ms.has_value();
            if (ms)
                feed.reconnect.maxMs = static_cast<int>(*ms);
        }
        if (valid && feed.reconnect.initialMs > feed.reconnect.maxMs) {
            report(path + QStringLiteral(".initial_ms"),
                   QStringLiteral("%1 is larger than max_ms (%2); make initial_ms at most max_ms")
                       .arg(QString::number(feed.reconnect.initialMs), QString::number(feed.reconnect.maxMs)));
        }
        for (auto it = reconnect.begin(); it != reconnect.end(); ++it) {
            if (!kReconnectKeys.contains(it.key()))
                feed.reconnect.extra.insert(it.key(), it.value());
        }
    }

    void parseHeaders(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        if (!value.isObject()) {
            report(path, QStringLiteral("must be an object of header names and values such as "
                                        "{\"Authorization\": \"Bearer ${env:TOKEN}\"}, found %1")
                             .arg(jsonTypeName(value)));
            return;
        }
        const QJsonObject headers = value.toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            const QString headerPath = childPath(path, it.key());
            if (!isHeaderName(it.key())) {
                report(headerPath, QStringLiteral("%1 is not a valid HTTP header name; use letters, digits and "
                                                  "characters such as - and _ (e.g. \"X-Api-Key\")")
                                       .arg(quotedText(it.key())));
                continue;
            }
            const auto text = readString(it.value(), headerPath);
            if (!text)
                continue;
            if (text->contains(u'\r') || text->contains(u'\n') || text->contains(QChar(0))) {
                report(headerPath, QStringLiteral("contains a line break or NUL character; a header value must be "
                                                  "a single line"));
                continue;
            }
            feed.headers.append({it.key(), *text});
        }
    }

    // One of names, when the key is there; a wrong value is reported with the choices and what they mean.
    std::optional<QString> readChoice(const QJsonValue &value, const QString &path, const QStringList &names,
                                      const QString &meaning)
    {
        if (value.isUndefined())
            return std::nullopt;
        const auto text = readString(value, path);
        if (text && !names.contains(*text)) {
            report(path, QStringLiteral("%1 is not one of: %2 (%3)")
                             .arg(quotedText(*text), names.join(QStringLiteral(", ")), meaning));
            return std::nullopt;
        }
        return text;
    }

    // Only the form is checked here; the file is read at connect time, so a missing file
    // fails that feed with its reason instead of refusing the whole workspace.
    void parseCaFile(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        const auto text = readString(value, path);
        if (!text)
            return;
        if (text->isEmpty() || text->contains(QChar(0)) || !QDir::isAbsolutePath(*text)) {
            report(path, QStringLiteral("%1 is not an absolute file path; give the full path of a PEM file with "
                                        "the CA certificate, e.g. \"/etc/feeddeck/ca.pem\"")
                             .arg(quotedText(*text)));
            return;
        }
        feed.caFile = *text;
    }

    // "subprotocols": names the handshake offers; each an HTTP token (RFC 6455 4.1, RFC 7230 3.2.6).
    void parseSubprotocols(const QJsonValue &value, const QString &path, FeedConfig &feed)
    {
        if (value.isUndefined())
            return;
        if (!value.isArray()) {
            report(path, QStringLiteral("must be a list of subprotocol names, e.g. [\"v1.json\"], found %1")
                             .arg(jsonTypeName(value)));
            return;
        }
        const QJsonArray names = value.toArray();
        if (names.size() > kMaxSubprotocols) {
            report(path, QStringLiteral("has %1 names; offer at most %2").arg(names.size()).arg(kMaxSubprotocols));
            return;
        }
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,64}$"));
        QStringList accepted;
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i);
            const auto name = readString(names.at(i), itemPath);
            if (!name)
                continue;
            if (!token.match(*name).hasMatch()) {
                report(itemPath, QStringLiteral("%1 is not a subprotocol name: use 1 to 64 letters, digits and "
                                                "!#$%&'*+-.^_`|~ (no spaces or commas)")
                                     .arg(quotedText(*name)));
                continue;
            }
            if (accepted.contains(*name)) {
                report(itemPath, QStringLiteral("%1 is listed twice; list each subprotocol once").arg(quotedText(*name)));
                continue;
            }
            accepted.append(*name);
        }
        feed.subprotocols = accepted;
    }

    QString m_file;
    QStringList m_knownProtocols;
    QList<WorkspaceProblem> m_problems;
    qsizetype m_dropped = 0;
    QHash<QString, QString> m_idPaths; // id -> path of its first use
};

} // namespace

QString WorkspaceProblem::toString() const
{
    QStringList parts;
    if (!file.isEmpty())
        parts.append(file);
    if (!jsonPath.isEmpty())
        parts.append(jsonPath);
    parts.append(message);
    return parts.join(QStringLiteral(": "));
}

QString formatProblems(const QList<WorkspaceProblem> &problems)
{
    QStringList lines;
    lines.reserve(problems.size());
    for (const WorkspaceProblem &problem : problems)
        lines.append(problem.toString());
    return lines.join(u'\n');
}

qint64 defaultMaxMessageBytes(const QString &protocol)
{
    return protocol == QLatin1String("nats") ? kNatsMaxMessageBytes : FeedConfig{}.maxMessageBytes;
}

ParseResult parseWorkspace(const QByteArray &json, const QString &fileName, const QStringList &knownProtocols)
{
    return Parser(fileName, knownProtocols).parse(json);
}

FeedCheck checkFeed(const QJsonObject &feed, const QStringList &knownProtocols)
{
    return Parser({}, knownProtocols).checkOne(feed);
}

} // namespace feeddeck::workspace
