#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

namespace feeddeck::feed {

// The lifecycle of one feed connection (DESIGN.md, "Connection lifecycle").
enum class FeedState {
    Disabled,    // switched off by the user
    Connecting,  // TCP + WebSocket handshake under way (bounded by the handshake timeout)
    Subscribing, // open, subscription sent, waiting for the ack or the first data
    Live,        // data flowing
    Stale,       // open but silent for stale_after_ms; pinged, reconnects if still silent
    Backoff,     // waiting before the next attempt
    Failed,      // an error retrying cannot fix (invalid URL, missing environment variable)
};

// Lower-case names used in the stats JSON and the UI ("live", "backoff").
[[nodiscard]] QString stateName(FeedState state);
// The state a name stands for (a relay reports its feeds' states by name).
[[nodiscard]] std::optional<FeedState> stateFromName(const QString &name);

// The per-feed counters of the stats contract.
struct FeedCounters
{
    friend bool operator==(const FeedCounters &, const FeedCounters &) = default;

    quint64 attempts = 0;
    quint64 connects = 0;
    quint64 disconnects = 0;
    quint64 messages = 0;
    quint64 updates = 0;
    quint64 ignored = 0;
    quint64 badMessages = 0;
    quint64 oversize = 0;
    quint64 bytes = 0;      // message payloads as the codec reads them (inflated)
    quint64 wireBytes = 0;  // as read from the socket: frames and handshakes, compressed when the server compresses
    qint64 firstMessageMs = -1; // Unix epoch ms, -1 before the first message
    qint64 lastMessageMs = -1;
};

// One feed behind a relay, as the relay last reported it (a nats feed's "$status" messages).
struct UpstreamStatus
{
    QString feedId;            // the feed's id at the relay
    QString name;
    QString protocol;
    FeedState state = FeedState::Connecting;
    qint64 stateSinceMs = 0;   // the relay's clock
    qint64 retryAtMs = -1;     // the relay's clock
    QString lastError;
    quint64 relayDropped = 0;  // updates the relay dropped while NATS was away
    FeedCounters counters;     // messages, updates, connects, disconnects as the relay counts them
    qint64 heardAtMs = -1;     // when the last report was made: its arrival on this machine's clock, or
                               // the relay's stamp when that is earlier (a report replayed from history)

    friend bool operator==(const UpstreamStatus &, const UpstreamStatus &) = default;
};

// Everything a user needs to know about one feed at one instant.
// What a feed's state means for the rows it brought: their values are current (live), may be
// out of date (stale: the feed went quiet or is resubscribing), or are the last ones before the
// feed went away (disconnected). NoData: a subscribed symbol that has no value yet.
enum class RowStatus { Live, Stale, Disconnected, NoData };

// The status of a feed's rows while the feed is in `state`; worked out once, by the feed
// engine, and carried in FeedStatus::rowStatus to the tables and the CSV snapshot.
[[nodiscard]] constexpr RowStatus rowStatusOf(FeedState state) noexcept
{
    switch (state) {
    case FeedState::Live:
        return RowStatus::Live;
    case FeedState::Stale:
    case FeedState::Subscribing:
        return RowStatus::Stale;
    default:
        return RowStatus::Disconnected;
    }
}

struct FeedStatus
{
    QString id;
    QString name;
    FeedState state = FeedState::Disabled;
    RowStatus rowStatus = RowStatus::Disconnected; // rowStatusOf(state), filled in by the feed engine
    qint64 stateSinceMs = 0;   // Unix epoch ms when the state was entered
    qint64 retryAtMs = -1;     // in Backoff: when the next attempt starts
    QString lastError;         // plain words, e.g. "connection closed (1006: ...)"
    // Attempts in a row that ended before the feed went live (0 once it is live again): a feed
    // that keeps failing is told apart from one that reconnects after a drop.
    quint64 failedAttemptsInARow = 0;
    // Round trip of the client's pings in ms: the last one, and the median over the last
    // minute; negative before the first pong.
    QString subprotocol;       // the one the server chose for the current connection, or empty
    double rttMs = -1.0;
    double rttMedianMs = -1.0;
    FeedCounters counters;
    QMap<QString, QString> rejectedSymbols; // symbol -> the server's reason
    // A quote feed's subscribed symbols (as shown) with no row yet and not refused: the
    // window lists them as waiting until their first value.
    QStringList waitingSymbols;
    // A nats feed: the relay's upstream feeds, in the order first heard of.
    QList<UpstreamStatus> upstreams;
    // A feed behind a relay, shown as a feed of its own: the id of the nats feed it arrives
    // through (empty for every feed of the workspace).
    QString relayFeedId;
};

// After this many attempts in a row that never went live, a retrying feed is failing: shown in
// the error colour, with one entry in the Problems list.
constexpr quint64 kFailingAfterAttempts = 3;

[[nodiscard]] inline bool isFailing(const FeedStatus &status) noexcept
{
    return status.state == FeedState::Failed
        || (status.state != FeedState::Live && status.state != FeedState::Disabled
            && status.failedAttemptsInARow >= kFailingAfterAttempts);
}

} // namespace feeddeck::feed
