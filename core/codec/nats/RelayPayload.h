#pragma once

#include "core/data/Update.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// The payloads a relay publishes, compact JSON that `nats sub` and any NATS client can read
// (README, "Team use"):
//   update:  {"t":<source ms>,"r":<received ms>,"f":{"price":101.5,"bid":101.4}}
//            "t" is left out when the venue sent no time; numbers are the shortest text that
//            reads back to the same double; fields that are not finite are left out.
//   $status: {"name":"Coinbase","protocol":"coinbase","state":"backoff","since":<ms>,
//             "retry_at":<ms>,"error":"...","at":<ms>,
//             "counters":{"messages":n,"updates":n,"connects":n,"disconnects":n},
//             "relay":{"dropped":n}}
//            "retry_at" only in backoff, "error" only when there is one.
namespace feeddeck::codec::nats {

// Appends the update's payload to out (its symbol goes in the subject, not here).
void appendUpdatePayload(QByteArray &out, const data::Update &update);

// Fills into's fields, sourceMs and receivedMs from a payload (symbol untouched, fields
// cleared first). False, with the reason in *error, when the payload is not one
// appendUpdatePayload makes: not an object, "f" missing or not an object of numbers,
// "t"/"r" not integers. Field names read back as written, except that characters that are
// not printable (controls, DEL, bidi overrides) become U+FFFD, as in every codec.
[[nodiscard]] bool parseUpdatePayload(QByteArrayView json, data::Update &into, QString *error);

// One upstream feed as the relay reports it.
struct RelayedStatus
{
    QString name;
    QString protocol;
    QString state;          // a feed state name: "live", "backoff", "connecting", ...
    qint64 sinceMs = 0;     // when that state began
    qint64 retryAtMs = -1;  // in backoff: the next attempt
    QString lastError;
    qint64 atMs = 0;        // when the relay published this
    quint64 messages = 0;
    quint64 updates = 0;
    quint64 connects = 0;
    quint64 disconnects = 0;
    quint64 relayDropped = 0; // updates of this feed the relay dropped while NATS was away

    friend bool operator==(const RelayedStatus &, const RelayedStatus &) = default;
};

[[nodiscard]] QByteArray statusPayload(const RelayedStatus &status);
[[nodiscard]] std::optional<RelayedStatus> parseStatusPayload(QByteArrayView json, QString *error);

} // namespace feeddeck::codec::nats
