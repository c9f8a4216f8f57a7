#pragma once

#include "core/workspace/FeedConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::workspace {

// Limits a workspace file must respect; editors can use them for their input ranges.
inline constexpr int kWorkspaceVersion = 1;
inline constexpr qsizetype kMaxSymbolsPerFeed = 1000;
inline constexpr qsizetype kMaxSymbolLength = 64;
inline constexpr qint64 kMinTimeoutMs = 100;         // stale_after_ms, handshake_timeout_ms
inline constexpr qint64 kMaxTimeoutMs = 86'400'000;  // one day
inline constexpr qint64 kMinPingIntervalMs = 1000;   // ping_interval_ms, when not 0
inline constexpr qsizetype kMaxSubprotocols = 16;
inline constexpr qint64 kMaxReconnectMs = 3'600'000; // reconnect.max_ms: one hour
inline constexpr qint64 kMinMessageBytes = 1024;
inline constexpr qint64 kMaxMessageBytes = 268'435'456; // 256 MiB
// A nats feed's default: nats-server puts whatever it has pending for a WebSocket client into
// one message, several MiB while a relay's history is replayed (its own limit per client, 64 MB).
inline constexpr qint64 kNatsMaxMessageBytes = 64 * 1024 * 1024;
inline constexpr qint64 kMinSymbolBytes = 1;             // max_symbol_bytes
inline constexpr qint64 kMaxSymbolBytes = 1024;
inline constexpr qint64 kMinRows = 1;                    // max_rows
inline constexpr qint64 kMaxRows = 1'000'000;
inline constexpr qint64 kMinHistoryPoints = 100;         // history_points
inline constexpr qint64 kMaxHistoryPoints = 10'000'000;  // 160 MB a series
inline constexpr qint64 kMinProblemLines = 10;           // max_problems (the window's list)
inline constexpr qint64 kMaxProblemLines = 100'000;
inline constexpr qsizetype kMaxProblems = 100; // a hostile file must not produce an unbounded list

// max_message_bytes of a feed of `protocol` that leaves it out (kNatsMaxMessageBytes for nats).
[[nodiscard]] qint64 defaultMaxMessageBytes(const QString &protocol);

// One thing wrong with a workspace file: where it is and what to do about it.
struct WorkspaceProblem
{
    QString file;
    QString jsonPath; // e.g. "feeds[1].url"; empty for problems with the file as a whole
    QString message;  // says what is wrong and what to do

    // "<file>: <jsonPath>: <message>", leaving out the parts that are empty.
    [[nodiscard]] QString toString() const;

    friend bool operator==(const WorkspaceProblem &, const WorkspaceProblem &) = default;
};

// One problem per line, for stderr and message boxes.
[[nodiscard]] QString formatProblems(const QList<WorkspaceProblem> &problems);

struct ParseResult
{
    std::optional<Workspace> workspace; // set only when `problems` is empty
    QList<WorkspaceProblem> problems;
};

// Parses and validates a workspace file's contents, reporting every problem found (up to
// kMaxProblems). Missing optional keys get their defaults; unknown keys are kept in `extra`.
// Never throws; any input, however malformed, yields problems rather than a crash.
[[nodiscard]] ParseResult parseWorkspace(const QByteArray &json, const QString &fileName,
                                         const QStringList &knownProtocols);

struct FeedCheck
{
    std::optional<FeedConfig> feed; // set only when `problems` is empty
    QList<WorkspaceProblem> problems; // jsonPath relative to the feed: "url", "reconnect.max_ms"
};

// Validates one feed object with the same rules and messages as a feed in a file, for
// editors that check settings as they are typed. Ids are not compared with other feeds.
[[nodiscard]] FeedCheck checkFeed(const QJsonObject &feed, const QStringList &knownProtocols);

} // namespace feeddeck::workspace
