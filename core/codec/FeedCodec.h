#pragma once

#include "core/codec/nats/RelayPayload.h"
#include "core/data/Update.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>

namespace feeddeck::codec {

// A symbol the server names (or one part of a JSON mapping key) longer than this many
// UTF-8 bytes is junk, not a row: the message is bad. A feed's "max_symbol_bytes" sets it.
inline constexpr std::size_t kDefaultMaxSymbolBytes = 128;

// What one frame turned out to be. Every frame is exactly one of these, so
// messages == data + control + bad in the feed counters.
enum class FrameKind {
    Data,    // produced zero or more updates for subscribed symbols
    Control, // understood but carries no values: acks, heartbeats, other types (counted as "ignored")
    Bad,     // malformed JSON, wrong types, missing required fields
};

enum class IssueKind {
    BadJson,
    MissingField,
    WrongType,
    UnknownType,
    ServerError,    // the server reported an error that is not about one symbol
    SymbolRejected, // the server refused one symbol (e.g. "not a valid product")
    Notice,         // worth a line in Problems, not a fault of the message (e.g. no history for a pattern)
};

struct DecodeIssue
{
    IssueKind kind = IssueKind::BadJson;
    QString detail; // plain words, with the field or a short excerpt
    QString symbol; // set for SymbolRejected
};

// A relay's report on one of its upstream feeds.
struct UpstreamReport
{
    QString feedId; // the feed's id at the relay
    nats::RelayedStatus status;
};

struct DecodeResult
{
    FrameKind kind = FrameKind::Control;
    QList<data::Update> updates;
    QList<DecodeIssue> issues;
    bool subscriptionAck = false; // the server confirmed the subscription set
    // The server refused a request without saying which symbol was wrong: send the
    // subscription again (the codec then asks for each symbol on its own).
    bool resubscribe = false;
    // Frames to send back at once (a NATS server's PING wants a PONG).
    QList<QByteArray> replies;
    // What a relay said about its upstream feeds (nats feeds).
    QList<UpstreamReport> upstreams;
    // The stream cannot be read any further (a byte stream out of step): reconnect, with this reason.
    QString dropConnection;
};

// Turns a venue's frames into Updates and builds its subscription messages.
// Knows nothing of sockets, threads or models; testable from a JSON string.
class FeedCodec
{
public:
    virtual ~FeedCodec() = default;

    // The venue's name for the protocol ("coinbase").
    [[nodiscard]] virtual QString protocol() const = 0;

    // The frames to send to subscribe to / unsubscribe from these symbols; empty when nothing is to be sent.
    [[nodiscard]] virtual QList<QByteArray> subscribeMessages(const QStringList &symbols) = 0;
    [[nodiscard]] virtual QList<QByteArray> unsubscribeMessages(const QStringList &symbols) = 0;

    // Whether the server confirms a subscription (Live follows the ack) or data simply starts to flow.
    [[nodiscard]] virtual bool expectsSubscriptionAck() const { return true; }

    // Whether its rows are quotes (price, bid or ask): the window lists such a feed's symbols
    // under Quotes while they wait for their first value.
    [[nodiscard]] virtual bool producesQuotes() const { return true; }

    // Whether the protocol is a byte stream carried in binary frames (NATS over WebSocket): what
    // is sent goes out as binary frames, and binary frames reach decode() as they are.
    [[nodiscard]] virtual bool binaryFrames() const { return false; }

    // Whether each row belongs to a subscribed symbol (row "SKU-1/WH-EAST" to symbol "SKU-1").
    // False when the symbols are patterns and the rows are named by what arrives (NATS subjects).
    [[nodiscard]] virtual bool rowsFollowSymbols() const { return true; }

    // A new connection is open: forget what the last one left half read or subscribed.
    virtual void connectionOpened() {}

    // Other servers of the same service as "host:port", learned from the server (a NATS
    // cluster's other WebSocket listeners): tried in turn when the connection is lost.
    [[nodiscard]] virtual QStringList alternateHosts() const { return {}; }

    // The symbol as it appears in rows and CSV (e.g. upper case for Binance).
    [[nodiscard]] virtual QString displaySymbol(const QString &configured) const { return configured; }

    // Decodes one frame. receivedMs is the receipt stamp copied into every update.
    [[nodiscard]] virtual DecodeResult decode(QByteArrayView frame, qint64 receivedMs) = 0;

    // The longest symbol from the server that decode() accepts, in UTF-8 bytes (at least 1).
    void setMaxSymbolBytes(std::size_t bytes) noexcept { m_maxSymbolBytes = bytes > 0 ? bytes : 1; }
    [[nodiscard]] std::size_t maxSymbolBytes() const noexcept { return m_maxSymbolBytes; }

    // Gives back the update list of a result the caller has handled, so that the next data
    // message fills the same memory. The list moves out with each result and back here,
    // never shared: a shared list would cost two atomic reference-count operations a
    // message (each a full barrier, several per cent of the network thread). A caller
    // that keeps its results simply does not call this; the next result gets a new list.
    void recycle(QList<data::Update> &&updates) noexcept
    {
        if (m_updates.capacity() == 0)
            m_updates = std::move(updates);
    }

protected:
    // The update of a data message, to be filled in place (moving an Update would copy its
    // inline field array), in the list given back by recycle() when there is one.
    [[nodiscard]] data::Update &newUpdate()
    {
        // The last message's update, blanked in place: constructing a new one costs GCC a
        // zeroing of its whole inline field array (448 bytes) every message.
        if (m_updates.size() == 1) {
            data::Update &update = m_updates.first();
            update.clear();
            return update;
        }
        m_updates.clear();
        return m_updates.emplaceBack();
    }
    // A data result carrying the update begun with newUpdate(); the list moves into it.
    [[nodiscard]] DecodeResult dataResult()
    {
        DecodeResult result;
        result.kind = FrameKind::Data;
        result.updates = std::move(m_updates);
        m_updates = {};
        return result;
    }

private:
    std::size_t m_maxSymbolBytes = kDefaultMaxSymbolBytes;
    QList<data::Update> m_updates;
};

} // namespace feeddeck::codec
