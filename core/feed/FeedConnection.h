#pragma once

#include "core/codec/FeedCodec.h"
#include "core/feed/BinaryPayload.h"
#include "core/feed/FeedState.h"
#include "core/feed/Logging.h"
#include "core/feed/RetryPolicy.h"
#include "core/feed/RoundTrip.h"
#include "core/net/ProxyServer.h"
#include "core/net/SecretMask.h"
#include "core/workspace/FeedConfig.h"
#include "core/ws/Transport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QSslError>
#include <QUrl>

#include <array>
#include <functional>
#include <memory>

namespace feeddeck::feed {

// Timing knobs that are not part of the workspace file.
struct ConnectionTiming
{
    int stableLiveMs = 10000;  // Live this long before the retry policy starts from scratch again
    quint64 retrySeed = 0;     // 0: a random seed (tests pass a fixed one)
};

// One feed's connection: its state machine, subscription set, liveness watchdog,
// and counters. Lives on the network thread; owns its ws::Transport, made by the
// transport factory anew for each attempt so no signal of an old connection reaches
// the new state.
class FeedConnection : public QObject
{
    Q_OBJECT

public:
    // transports makes each attempt's transport; without one, the real clients
    // (ws::NetworkTransportFactory: FeedDeck's own, or QWebSocket as the feed's "transport" says).
    FeedConnection(workspace::FeedConfig config, std::unique_ptr<codec::FeedCodec> codec,
                   ConnectionTiming timing = {}, std::shared_ptr<ws::TransportFactory> transports = {},
                   QObject *parent = nullptr);
    ~FeedConnection() override;

    // The URL to connect to when it differs from the configured one (sim:// resolved to the
    // simulator's ws://127.0.0.1:PORT); such a loopback address is reached without a proxy.
    void setConnectUrl(const QUrl &url) { m_connectUrl = url; }

    // Receives the updates of each message, synchronously on the network thread: a direct
    // call, because a signal per message would cost more than decoding it.
    using UpdateSink = std::function<void(const QList<data::Update> &updates)>;
    void setUpdateSink(UpdateSink sink) { m_updateSink = std::move(sink); }
    // Called once the messages of one socket read have all gone to the update sink.
    using ReadSink = std::function<void()>;
    void setReadSink(ReadSink sink) { m_readSink = std::move(sink); }

    void start(); // from Disabled/Failed: connect now
    void stop();  // close and stay Disabled

    // Replace the subscription set. While the socket is open the difference is sent
    // as unsubscribe/subscribe deltas; otherwise it applies on the next open.
    void setSymbols(const QStringList &symbols);

    [[nodiscard]] const workspace::FeedConfig &config() const noexcept { return m_config; }
    [[nodiscard]] const QStringList &symbols() const noexcept { return m_config.symbols; }
    [[nodiscard]] FeedState state() const noexcept { return m_status.state; }
    [[nodiscard]] const FeedStatus &status() const noexcept { return m_status; }
    [[nodiscard]] QString displaySymbol(const QString &symbol) const { return m_codec->displaySymbol(symbol); }
    [[nodiscard]] bool producesQuotes() const { return m_codec->producesQuotes(); }
    [[nodiscard]] bool rowsFollowSymbols() const { return m_codec->rowsFollowSymbols(); }
    [[nodiscard]] const RetryPolicy &retryPolicy() const noexcept { return m_retry; }
    // Whether the connection will act later by itself: a retry, a handshake deadline, a liveness
    // check or the stable-connection reset is scheduled. Never so once Failed or Disabled.
    [[nodiscard]] bool hasScheduledWork() const noexcept
    {
        return m_retryTimer.isActive() || m_handshakeTimer.isActive() || m_livenessTimer.isActive()
               || m_stableTimer.isActive();
    }
    // The last few messages as received (oldest first), for "Test connection" and the
    // mapping preview. Kept as bytes in reused buffers: no allocation per message.
    [[nodiscard]] QStringList recentMessages() const;
    static constexpr int kRecentMessages = 5;

signals:
    void stateChanged(feeddeck::feed::FeedState state);
    void connectionLost(qint64 atMs);
    void problemReported(const QString &text);
    void framesSent(const QList<QByteArray> &frames); // what went out, for diagnostics and tests

private:
    void openSocket();
    [[nodiscard]] bool prepareRoute(ws::TransportOptions &options);
    [[nodiscard]] QString missingVariable(const QString &key, const QString &name) const;
    void onConnected();
    void onClosed(const ws::CloseInfo &info);
    void onSslErrors(const QList<QSslError> &errors);
    void onMessage(QByteArrayView payload, bool text, qint64 receivedMs);
    void onPong(const QByteArray &payload);
    void onPingTimer();
    void onLivenessTick();
    void onHandshakeTimeout();

    void countMessage(QByteArrayView frame, qint64 receivedMs);
    void handleFrame(QByteArrayView frame, qint64 receivedMs);
    void rejectFrame(QByteArrayView frame, const QString &problem, qint64 receivedMs);
    void takeWireBytes();
    void handleIssues(const codec::DecodeResult &result);
    void noteUpstreams(const QList<codec::UpstreamReport> &reports, qint64 receivedMs);
    void noteActivity();
    void pingPeer(qint64 now);
    void sendPing();
    void refreshRoundTrip();
    void sendFrames(const QList<QByteArray> &frames);
    [[nodiscard]] QStringList activeSymbols() const;
    [[nodiscard]] bool socketOpen() const noexcept;
    void dropSocket(const QString &reason);
    void scheduleRetry();
    void fail(const QString &reason);
    void setState(FeedState state, qint64 atMs);
    void setState(FeedState state);
    void setError(const QString &text);

    workspace::FeedConfig m_config;
    std::unique_ptr<codec::FeedCodec> m_codec;
    UpdateSink m_updateSink;
    ReadSink m_readSink;
    ConnectionTiming m_timing;
    std::shared_ptr<ws::TransportFactory> m_transports;
    RetryPolicy m_retry;
    QUrl m_connectUrl;
    int m_route = 0;                // 0: the configured server; n: the codec's n-th alternate host
    BinaryPayload m_binary;
    FeedStatus m_status;

    ws::Transport *m_socket = nullptr; // child of this; replaced on every attempt
    QString m_tlsError;             // certificate errors of the current attempt, in words
    QUrl m_expandedUrl;             // m_connectUrl with its ${env:NAME} filled in, for this attempt
    net::ProxyServer m_proxy;       // the way this attempt takes (direct or a proxy)
    net::SecretMask m_mask;         // values from the environment and passwords: never shown
    QTimer m_handshakeTimer;
    QTimer m_retryTimer;
    QTimer m_stableTimer;
    QTimer m_livenessTimer;
    QTimer m_pingTimer;             // every ping_interval_ms while open: the round-trip time stays current
    RoundTrip m_roundTrip;
    QElapsedTimer m_clock;          // steady time for liveness
    qint64 m_lastActivity = 0;      // m_clock ms of the last frame
    qint64 m_lastReceivedMs = -1;   // receipt stamp of the last frame: the clock is read once per stamp
    qint64 m_pingSentAt = 0;        // m_clock ms of the last liveness ping
    qint64 m_lastPong = -1;         // m_clock ms of the last pong on this socket
    qint64 m_staleDeadline = 0;     // m_clock ms after which an unanswered ping drops the connection
    LogThrottle m_logThrottle;
    std::array<QByteArray, kRecentMessages> m_recent; // ring buffer
    quint64 m_recentCount = 0;
};

} // namespace feeddeck::feed
