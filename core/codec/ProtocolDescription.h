#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

// What FeedDeck knows about one protocol, in one place: its name, the options its codec reads
// and their defaults, where a new feed of it starts, and how its settings are checked. The
// workspace parser checks a feed through it and the feed editor offers its choices from it.
namespace feeddeck::codec {

// One key of a feed's "options" object.
struct ProtocolOption
{
    QString name;            // "channels"
    QJsonValue defaultValue; // what the codec uses when the key is absent, e.g. ["ticker", "heartbeat"]
    QStringList allowed;     // the names a list option may hold; empty when any value of its type goes
};

// What a feed of the protocol sets that the protocol's checks look at.
struct ProtocolSettings
{
    QJsonObject options;
    QJsonValue mapping; // the feed's "json" section; undefined when the feed has none
    QUrl url;
    QStringList symbols;
};

// One thing wrong with a feed's protocol settings.
struct ProtocolProblem
{
    QString path;    // relative to the feed: "options.channels[1]", "url", "json.key"
    QString message; // says what is wrong and what to do

    friend bool operator==(const ProtocolProblem &, const ProtocolProblem &) = default;
};
using ProtocolProblems = QList<ProtocolProblem>;

// Where a new feed of the protocol starts: the venue's public endpoint, or something to adapt.
struct ProtocolStarter
{
    QString name;        // "Coinbase"
    QString url;         // "wss://ws-feed.exchange.coinbase.com"
    QStringList symbols;
    QJsonObject options; // options written into the new feed
    QJsonObject mapping; // protocol "json": the mapping to adapt
};

struct ProtocolDescription
{
    QString name;        // "coinbase", as written in the workspace file
    QString displayName; // "Coinbase Exchange"
    ProtocolStarter starter;
    QList<ProtocolOption> options;
    // Every problem with the settings, in the order they are met; empty when the codec can use them.
    std::function<ProtocolProblems(const ProtocolSettings &)> validate;

    [[nodiscard]] const ProtocolOption *option(const QString &key) const;
    // option(key)'s allowed names; empty for an option the protocol does not have.
    [[nodiscard]] QStringList allowedValues(const QString &key) const;
    // option(key)'s default; undefined for an option the protocol does not have.
    [[nodiscard]] QJsonValue defaultValue(const QString &key) const;
};

// Checks a list option (options.channels): a non-empty array of names from `allowed`. `what`
// names one entry ("Coinbase channel"), `example` is a list to copy ("[\"ticker\"]"). Returns
// the names when all are good; problems go to *problems either way.
std::optional<QStringList> checkNameList(const QJsonValue &value, const QString &path, const QStringList &allowed,
                                         const QString &what, const QString &example, ProtocolProblems *problems);

} // namespace feeddeck::codec
