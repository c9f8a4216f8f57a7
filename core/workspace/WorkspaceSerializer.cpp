#include "core/workspace/WorkspaceSerializer.h"

#include "core/workspace/DerivedSeriesParser.h"
#include "core/workspace/UrlTemplate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>

namespace feeddeck::workspace {

namespace {

constexpr int kIndent = 4;
constexpr qsizetype kMaxInlineArray = 100; // short scalar arrays (symbols, channels) stay on one line

// Which known-key order applies to an object, by where it sits in the file.
enum class Level { Other, Root, Feed, Reconnect, Alert, Derived, DerivedInputs, DerivedInput };

const QStringList &keyOrder(Level level)
{
    static const QStringList kNone;
    static const QStringList kRoot = {QStringLiteral("version"), QStringLiteral("feeds"), QStringLiteral("derived"),
                                      QStringLiteral("alerts"), QStringLiteral("max_problems")};
    static const QStringList kFeed = {
        QStringLiteral("id"),        QStringLiteral("name"),           QStringLiteral("protocol"),
        QStringLiteral("url"),       QStringLiteral("enabled"),        QStringLiteral("symbols"),
        QStringLiteral("options"),   QStringLiteral("json"),           QStringLiteral("reconnect"),
        QStringLiteral("stale_after_ms"), QStringLiteral("handshake_timeout_ms"), QStringLiteral("ping_interval_ms"),
        QStringLiteral("max_message_bytes"), QStringLiteral("max_symbol_bytes"), QStringLiteral("max_rows"),
        QStringLiteral("history_points"), QStringLiteral("headers"), QStringLiteral("ca_file"), QStringLiteral("subprotocols"), QStringLiteral("transport"),
        QStringLiteral("proxy"), QStringLiteral("compression"), QStringLiteral("payload"),
    };
    static const QStringList kReconnect = {QStringLiteral("initial_ms"), QStringLiteral("max_ms")};
    static const QStringList kAlert = {
        QStringLiteral("id"),       QStringLiteral("feed"),       QStringLiteral("symbol"),
        QStringLiteral("field"),    QStringLiteral("when"),       QStringLiteral("value"),
        QStringLiteral("window_s"), QStringLiteral("cooldown_s"), QStringLiteral("enabled"),
        QStringLiteral("severity"), QStringLiteral("note"),
    };
    static const QStringList kDerived = {
        QStringLiteral("id"),         QStringLiteral("preset"), QStringLiteral("feed"), QStringLiteral("symbol"),
        QStringLiteral("expression"), QStringLiteral("inputs"), QStringLiteral("note"),
    };
    static const QStringList kDerivedInput = {QStringLiteral("feed"), QStringLiteral("symbol"), QStringLiteral("field")};
    switch (level) {
    case Level::Derived:
        return kDerived;
    case Level::DerivedInput:
        return kDerivedInput;
    case Level::Root:
        return kRoot;
    case Level::Feed:
        return kFeed;
    case Level::Reconnect:
        return kReconnect;
    case Level::Alert:
        return kAlert;
    case Level::DerivedInputs:
    case Level::Other:
        break;
    }
    return kNone;
}

Level childLevel(Level parent, const QString &key)
{
    if (parent == Level::Root && key == QStringLiteral("feeds"))
        return Level::Feed; // applies to the array's elements
    if (parent == Level::Root && key == QStringLiteral("alerts"))
        return Level::Alert; // applies to the array's elements
    if (parent == Level::Root && key == QStringLiteral("derived"))
        return Level::Derived; // applies to the array's elements
    if (parent == Level::Derived && key == QStringLiteral("inputs"))
        return Level::DerivedInputs;
    if (parent == Level::DerivedInputs)
        return Level::DerivedInput;
    if (parent == Level::Feed && key == QStringLiteral("reconnect"))
        return Level::Reconnect;
    return Level::Other;
}

// Scalars and keys are encoded by QJsonDocument so escaping and number format match Qt's.
QByteArray scalarText(const QJsonValue &value)
{
    const QByteArray encoded = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return encoded.mid(1, encoded.size() - 2);
}

bool isScalar(const QJsonValue &value)
{
    return !value.isArray() && !value.isObject();
}

void writeValue(QByteArray &out, const QJsonValue &value, int depth, Level level);

void newline(QByteArray &out, int depth)
{
    out.append('\n');
    out.append(QByteArray(depth * kIndent, ' '));
}

void writeArray(QByteArray &out, const QJsonArray &array, int depth, Level elementLevel)
{
    if (array.isEmpty()) {
        out.append("[]");
        return;
    }
    if (std::all_of(array.begin(), array.end(), [](const QJsonValue &v) { return isScalar(v); })) {
        QByteArray line = "[";
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                line.append(", ");
            line.append(scalarText(array.at(i)));
        }
        line.append(']');
        if (line.size() <= kMaxInlineArray) {
            out.append(line);
            return;
        }
    }
    out.append('[');
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (i > 0)
            out.append(',');
        newline(out, depth + 1);
        writeValue(out, array.at(i), depth + 1, elementLevel);
    }
    newline(out, depth);
    out.append(']');
}

void writeObject(QByteArray &out, const QJsonObject &object, int depth, Level level)
{
    if (object.isEmpty()) {
        out.append("{}");
        return;
    }
    QStringList keys;
    for (const QString &key : keyOrder(level)) {
        if (object.contains(key))
            keys.append(key);
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!keys.contains(it.key()))
            keys.append(it.key()); // unknown keys after the known ones, in QJsonObject's (sorted) order
    }
    out.append('{');
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0)
            out.append(',');
        newline(out, depth + 1);
        out.append(scalarText(keys.at(i)));
        out.append(": ");
        writeValue(out, object.value(keys.at(i)), depth + 1, childLevel(level, keys.at(i)));
    }
    newline(out, depth);
    out.append('}');
}

void writeValue(QByteArray &out, const QJsonValue &value, int depth, Level level)
{
    if (value.isObject())
        writeObject(out, value.toObject(), depth, level);
    else if (value.isArray())
        writeArray(out, value.toArray(), depth, level);
    else
        out.append(scalarText(value));
}

QJsonObject toJson(const ReconnectConfig &reconnect)
{
    QJsonObject object = reconnect.extra;
    object.insert(QStringLiteral("initial_ms"), reconnect.initialMs);
    object.insert(QStringLiteral("max_ms"), reconnect.maxMs);
    return object;
}

} // namespace

QJsonObject toJson(const FeedConfig &feed)
{
    QJsonObject object = feed.extra; // known keys below win over a stray copy in `extra`
    object.insert(QStringLiteral("id"), feed.id);
    object.insert(QStringLiteral("name"), feed.displayName());
    object.insert(QStringLiteral("protocol"), feed.protocol);
    // As written: "%20" stays encoded, ${env:NAME} stays a reference (never its value).
    object.insert(QStringLiteral("url"), templateText(feed.url));
    object.insert(QStringLiteral("symbols"), QJsonArray::fromStringList(feed.symbols));
    object.insert(QStringLiteral("enabled"), feed.enabled);
    if (!feed.options.isEmpty())
        object.insert(QStringLiteral("options"), feed.options);
    else
        object.remove(QStringLiteral("options"));
    if (!feed.json.isEmpty() || feed.protocol == QStringLiteral("json"))
        object.insert(QStringLiteral("json"), feed.json);
    else
        object.remove(QStringLiteral("json"));
    object.insert(QStringLiteral("reconnect"), toJson(feed.reconnect));
    object.insert(QStringLiteral("stale_after_ms"), feed.staleAfterMs);
    object.insert(QStringLiteral("handshake_timeout_ms"), feed.handshakeTimeoutMs);
    object.insert(QStringLiteral("ping_interval_ms"), feed.pingIntervalMs);
    object.insert(QStringLiteral("max_message_bytes"), feed.maxMessageBytes);
    object.insert(QStringLiteral("max_symbol_bytes"), feed.maxSymbolBytes);
    object.insert(QStringLiteral("max_rows"), feed.maxRows);
    object.insert(QStringLiteral("history_points"), feed.historyPoints);
    if (!feed.headers.isEmpty()) {
        QJsonObject headers;
        for (const auto &[name, value] : feed.headers)
            headers.insert(name, value);
        object.insert(QStringLiteral("headers"), headers);
    } else {
        object.remove(QStringLiteral("headers"));
    }
    if (!feed.caFile.isEmpty())
        object.insert(QStringLiteral("ca_file"), feed.caFile);
    else
        object.remove(QStringLiteral("ca_file"));
    if (feed.transport != QStringLiteral("feeddeck")) // the default is not written
        object.insert(QStringLiteral("transport"), feed.transport);
    else
        object.remove(QStringLiteral("transport"));
    if (!feed.subprotocols.isEmpty())
        object.insert(QStringLiteral("subprotocols"), QJsonArray::fromStringList(feed.subprotocols));
    else
        object.remove(QStringLiteral("subprotocols"));
    if (feed.proxy != QStringLiteral("system")) // the default is not written
        object.insert(QStringLiteral("proxy"), feed.proxy);
    else
        object.remove(QStringLiteral("proxy"));
    // Written only when not the default, so older workspaces stay as they were.
    if (feed.compression != Compression::Auto)
        object.insert(QStringLiteral("compression"), compressionName(feed.compression));
    else
        object.remove(QStringLiteral("compression"));
    if (feed.payload != Payload::Text)
        object.insert(QStringLiteral("payload"), payloadName(feed.payload));
    else
        object.remove(QStringLiteral("payload"));
    return object;
}

QJsonObject toJson(const alert::AlertRule &rule)
{
    QJsonObject object = rule.extra; // known keys below win over a stray copy in `extra`
    object.insert(QStringLiteral("id"), rule.id);
    object.insert(QStringLiteral("feed"), rule.feed);
    object.insert(QStringLiteral("symbol"), rule.symbol);
    object.insert(QStringLiteral("field"), rule.field);
    object.insert(QStringLiteral("when"), alert::whenName(rule.when));
    object.insert(QStringLiteral("value"), rule.value);
    if (rule.windowS != 0 || rule.when == alert::When::MovePct)
        object.insert(QStringLiteral("window_s"), rule.windowS);
    else
        object.remove(QStringLiteral("window_s"));
    object.insert(QStringLiteral("cooldown_s"), rule.cooldownS);
    object.insert(QStringLiteral("enabled"), rule.enabled);
    object.insert(QStringLiteral("severity"), alert::severityName(rule.severity));
    if (!rule.note.isEmpty())
        object.insert(QStringLiteral("note"), rule.note);
    else
        object.remove(QStringLiteral("note"));
    return object;
}

QJsonObject toJson(const Workspace &workspace)
{
    QJsonObject root = workspace.extra;
    root.insert(QStringLiteral("version"), workspace.version);
    QJsonArray feeds;
    for (const FeedConfig &feed : workspace.feeds)
        feeds.append(toJson(feed));
    root.insert(QStringLiteral("feeds"), feeds);
    // Written only when there are some, so workspaces without them stay as they were.
    if (!workspace.derived.isEmpty()) {
        QJsonArray derived;
        for (const DerivedSeriesConfig &series : workspace.derived)
            derived.append(derivedSeriesToJson(series));
        root.insert(QStringLiteral("derived"), derived);
    } else {
        root.remove(QStringLiteral("derived"));
    }
    if (!workspace.alerts.isEmpty()) {
        QJsonArray alerts;
        for (const alert::AlertRule &rule : workspace.alerts)
            alerts.append(toJson(rule));
        root.insert(QStringLiteral("alerts"), alerts);
    } else {
        root.remove(QStringLiteral("alerts"));
    }
    root.insert(QStringLiteral("max_problems"), workspace.maxProblems);
    return root;
}

QByteArray toJsonBytes(const Workspace &workspace)
{
    QByteArray out;
    writeObject(out, toJson(workspace), 0, Level::Root);
    out.append('\n');
    return out;
}

} // namespace feeddeck::workspace
