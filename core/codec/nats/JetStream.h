#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// The few JetStream API requests FeedDeck makes, as subjects and JSON payloads (no sockets):
// the relay keeps its updates in a stream; a desktop finds the stream that holds a subject
// pattern and reads it through an ordered push consumer, stored messages first, then live ones
// as they are stored, each carrying its stream sequence (so nothing is missed or read twice,
// also across reconnections).
// https://docs.nats.io/reference/reference-protocols/nats_api_reference
namespace feeddeck::codec::nats {

// --- the relay's stream ---

// "FEEDDECK" for prefix "feeddeck", "DESK_A" for "desk.a": a stream name holds no '.'.
[[nodiscard]] QString streamNameFor(QStringView prefix);
[[nodiscard]] QByteArray streamCreateSubject(QStringView stream);
[[nodiscard]] QByteArray streamUpdateSubject(QStringView stream);
// File storage, discarding the oldest messages beyond maxAgeMs or maxBytes (0: no limit).
[[nodiscard]] QByteArray streamConfig(QStringView stream, const QStringList &subjects, qint64 maxAgeMs, qint64 maxBytes);

// The outcome of any JetStream API request.
struct ApiResponse
{
    bool ok = false;
    int code = 0;          // the error's HTTP-like code (404, 400, 503, ...)
    int errorCode = 0;     // JetStream's err_code, e.g. 10058 (stream name in use with another configuration)
    QString description;
};
[[nodiscard]] ApiResponse parseApiResponse(QByteArrayView json);

// --- a desktop's ordered consumer ---

inline constexpr QByteArrayView kStreamNamesSubject = "$JS.API.STREAM.NAMES";
// {"subject": pattern}: the streams whose subjects overlap the pattern.
[[nodiscard]] QByteArray streamNamesRequest(QStringView pattern);
// The names in a STREAM.NAMES response (empty when none holds the pattern); nullopt with the
// reason in *error for an error response or one that is not JSON.
[[nodiscard]] std::optional<QStringList> parseStreamNames(QByteArrayView json, QString *error);

[[nodiscard]] QByteArray consumerCreateSubject(QStringView stream);
// An ephemeral push consumer of `stream` limited to `filter`, delivering to `deliverSubject`
// in order with flow control and idle heartbeats, without acks; from the first stored message
// (startSequence 0) or from startSequence on.
[[nodiscard]] QByteArray orderedConsumerConfig(QStringView stream, QByteArrayView deliverSubject, QStringView filter,
                                               quint64 startSequence);

// What the reply subject of a delivered message says about it
// ("$JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<ns>.<pending>", or the
// longer form with domain and account hash that newer servers send).
struct Delivery
{
    quint64 streamSequence = 0;
    quint64 consumerSequence = 0;
    qint64 timestampNs = 0;
    quint64 pending = 0;
};
[[nodiscard]] std::optional<Delivery> parseDelivery(QByteArrayView replySubject);

} // namespace feeddeck::codec::nats
