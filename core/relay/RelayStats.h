#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QtGlobal>

namespace feeddeck::relay {

// What a relay did, for `--stats` (README, "Stats"): its "relay" object.
struct RelayStats
{
    QString natsUrl;        // as given with --nats
    QString server;         // the server of the current or last connection; empty before any
    bool connected = false;
    // Every update the relay was given ends up in exactly one of published, oversize,
    // dropped and buffered.
    quint64 received = 0;   // updates the feeds handed to the relay
    quint64 published = 0;  // updates handed to a NATS connection
    quint64 statuses = 0;   // $status messages handed to a NATS connection
    quint64 dropped = 0;    // updates dropped from the full buffer while NATS was away
    quint64 oversize = 0;   // updates whose payload was above the server's max_payload (never sent)
    quint64 buffered = 0;   // updates waiting for NATS now
    qint64 bufferedBytes = 0;
    quint64 connects = 0;
    quint64 disconnects = 0;
    quint64 bytes = 0;      // written to NATS
    QString lastError;
    QList<QPair<QString, quint64>> droppedByFeed; // feed id -> dropped, feeds that dropped any
    // The JetStream stream for desktops that join late.
    QString historyState;   // "off", "preparing", "ready", "unavailable"
    QString historyStream;  // its name, e.g. "FEEDDECK"
    qint64 historyMs = 0;
    qint64 historyBytes = 0;
    QString historyError;   // why it is unavailable
};

// The "relay" object of the stats file.
[[nodiscard]] QJsonObject toJson(const RelayStats &stats);

} // namespace feeddeck::relay

Q_DECLARE_METATYPE(feeddeck::relay::RelayStats)
