#pragma once

#include "core/feed/RetryPolicy.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <QtGlobal>

#include <optional>

namespace feeddeck::relay {

// What `feeddeck relay` was told: where NATS is, how to log in, how to name subjects and how
// much to hold while NATS is away.
struct RelayOptions
{
    QUrl natsUrl;                        // nats://HOST:PORT or tls://HOST:PORT
    QString user;                        // user/password authorization (both or neither)
    QString password;
    QString token;                       // token authorization
    QString caFile;                      // PEM: CAs trusted for tls:// besides the system store
    QList<QSslCertificate> caCertificates; // read from caFile by validate()
    QString subjectPrefix = QStringLiteral("feeddeck");
    qint64 bufferBytes = 8 * 1024 * 1024; // pending publishes held while NATS is away
    // The JetStream stream desktops read history from: kept this long and at most this large
    // (the oldest goes first); historyMs 0: no stream.
    qint64 historyMs = 60 * 60 * 1000;
    qint64 historyBytes = qint64(1024) * 1024 * 1024;
    int pingIntervalMs = 5000;           // a PING this often; no PONG by the next one: dead
    int handshakeTimeoutMs = 5000;       // TCP (+TLS) + INFO + CONNECT accepted
    int statusIntervalMs = 1000;         // each feed's $status at least this often
    feed::RetryParams retry;             // the same backoff as the feeds
    QString clientName = QStringLiteral("feeddeck relay");
};

// The default port of a NATS client listener.
inline constexpr int kDefaultNatsPort = 4222;
// Smallest and largest --buffer: below one message's worth nothing could wait; above, a relay
// away from NATS for long would hold more memory than a desk machine should give it.
inline constexpr qint64 kMinBufferBytes = 64 * 1024;
inline constexpr qint64 kMaxBufferBytes = qint64(4) * 1024 * 1024 * 1024;

// Reads a duration: "1h", "30m", "90s", "2d", "0" (none). nullopt when it is not one.
[[nodiscard]] std::optional<qint64> parseDurationMs(QStringView text);

// Reads a byte size: "8MiB", "512KiB", "1GiB", "65536", "2MB" (decimal units too). nullopt
// when it is not one.
[[nodiscard]] std::optional<qint64> parseByteSize(QStringView text);

// Checks the options and reads the CA file; the problem in words naming the option to fix, or
// an empty string when all is well. Fills caCertificates.
[[nodiscard]] QString validate(RelayOptions &options);

} // namespace feeddeck::relay
