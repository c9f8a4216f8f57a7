#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

namespace feeddeck::testing {

// A real nats-server (Debian's package, /usr/sbin/nats-server) started the way a desk starts it:
// from a config file, here generated in a temporary folder, on free loopback ports picked when
// the object is made. stop() and start() again keep the same ports (a server restart); the
// destructor kills it.
class NatsServerProcess
{
public:
    struct Options
    {
        bool websocket = true;        // a WebSocket listener (no_tls) beside the client port
        QString user;                 // user/password authorization when user is not empty
        QString password;
        QString token;                // token authorization when not empty
        qint64 maxPayload = 0;        // the server's max_payload in bytes; 0: its default (1 MiB)
        bool jetstream = false;       // JetStream with its store in the temporary folder
        QString clusterName;          // a cluster listener on clusterPort() when not empty
        QList<quint16> routePorts;    // cluster ports of the other nodes (routes to them)
        QString serverName;           // server_name; empty: nats-server picks one
        QString tlsCertFile;          // TLS on the client port when both are set (PEM files)
        QString tlsKeyFile;
        int pingIntervalSeconds = 0;  // the server's ping_interval; 0: its default (2 min)
    };

    NatsServerProcess();
    explicit NatsServerProcess(Options options);
    ~NatsServerProcess();
    NatsServerProcess(const NatsServerProcess &) = delete;
    NatsServerProcess &operator=(const NatsServerProcess &) = delete;

    // Where nats-server is, or empty when it is not installed.
    [[nodiscard]] static QString program();

    // Settings for the next start() (ports stay as they are).
    [[nodiscard]] Options &options() { return m_options; }

    // Writes the config and starts the server; returns once it accepts client connections
    // (bounded wait). False with the reason (and its log) in *error.
    bool start(QString *error);
    // SIGTERM and wait for the exit (killed if it does not go within 5 s).
    void stop();
    // SIGKILL: the server vanishes without closing its connections politely.
    void kill();
    // SIGSTOP / SIGCONT: the server stops answering while its sockets stay open.
    void suspend();
    void resume();
    [[nodiscard]] bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    [[nodiscard]] quint16 clientPort() const { return m_clientPort; }
    [[nodiscard]] quint16 wsPort() const { return m_wsPort; }
    [[nodiscard]] quint16 clusterPort() const { return m_clusterPort; }
    // nats://127.0.0.1:<client port> (tls:// when TLS is configured)
    [[nodiscard]] QUrl clientUrl() const;
    // ws://127.0.0.1:<ws port>
    [[nodiscard]] QUrl wsUrl() const;
    [[nodiscard]] QString configText() const;

    // Everything the server has logged so far (all starts).
    [[nodiscard]] QString log() const;
    // Waits (bounded) until the log holds `text` from the current start on.
    bool waitForLog(const QString &text, int timeoutMs);

    // A loopback port nothing listens on at the moment of the call.
    [[nodiscard]] static quint16 freePort();

private:
    void readOutput() const;

    Options m_options;
    QTemporaryDir m_dir;
    mutable QProcess m_process;
    mutable QString m_log;
    qsizetype m_logStart = 0; // where the current start's log begins
    quint16 m_clientPort = 0;
    quint16 m_wsPort = 0;
    quint16 m_clusterPort = 0;
};

} // namespace feeddeck::testing
