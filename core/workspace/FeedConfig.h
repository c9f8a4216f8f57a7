#pragma once

#include "core/alert/AlertRule.h"
#include "core/workspace/DerivedSeriesConfig.h"
#include "core/workspace/WireFormat.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace feeddeck::workspace {

struct ReconnectConfig
{
    int initialMs = 500;
    int maxMs = 30000;
    QJsonObject extra {}; // unknown keys of the "reconnect" object, written back unchanged
};

// One feed as the user configured it. `extra` keeps every key FeedDeck does not
// know (and the raw protocol sections) so a load/save round trip loses nothing.
struct FeedConfig
{
    QString id;
    QString name;
    QString protocol;     // "coinbase", "binance", "json"
    // ws://, wss:// or sim://market / sim://inventory. May hold ${env:NAME} (kept encoded inside
    // the QUrl, see UrlTemplate.h), expanded only at connect time.
    QUrl url;
    QStringList symbols;
    bool enabled = true;
    QJsonObject options;  // protocol options, e.g. {"channels": ["ticker", "heartbeat"]}
    QJsonObject json;     // the JSON mapping section of protocol "json"
    ReconnectConfig reconnect;
    int staleAfterMs = 10000;
    int handshakeTimeoutMs = 10000;
    int pingIntervalMs = 15000; // a ping (for the round-trip time) this often while open; 0: only when stale
    qint64 maxMessageBytes = 1024 * 1024;
    // Bounds on what the server controls, per feed.
    int maxSymbolBytes = 128;  // a longer symbol (or JSON mapping key part) is a bad message
    int maxRows = 10000;       // rows (symbols, keys) the server can create; more are refused and counted
    int historyPoints = 100000; // chart points kept per series; the oldest go first
    QList<QPair<QString, QString>> headers; // values may hold ${env:NAME}, expanded at connect time
    QString caFile;       // PEM file of extra CA certificates trusted for wss:// (besides the system store)
    QStringList subprotocols; // offered in Sec-WebSocket-Protocol; the server must choose one of them
    QString transport = QStringLiteral("feeddeck"); // or "qtwebsockets": Qt's QWebSocket carries the feed
    // "system" (the environment's and the desktop's proxy), "none", or http:// / socks5:// URL
    // whose user and password may hold ${env:NAME}.
    QString proxy = QStringLiteral("system");
    Compression compression = Compression::Auto; // "auto" offers permessage-deflate
    Payload payload = Payload::Text;             // what a binary frame carries: text frames only, or compressed JSON
    QJsonObject extra;    // unknown keys, written back unchanged

    [[nodiscard]] QString displayName() const { return name.isEmpty() ? id : name; }
};

struct Workspace
{
    int version = 1;
    QList<FeedConfig> feeds;
    int maxProblems = 200; // lines kept in the window's Problems list
    QList<alert::AlertRule> alerts {}; // the top-level "alerts", in file order
    QList<DerivedSeriesConfig> derived {}; // the top-level "derived", in file order
    QJsonObject extra; // unknown top-level keys

    [[nodiscard]] const FeedConfig *feed(const QString &id) const
    {
        for (const FeedConfig &f : feeds)
            if (f.id == id)
                return &f;
        return nullptr;
    }
};

} // namespace feeddeck::workspace
