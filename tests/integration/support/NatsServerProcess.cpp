#include "NatsServerProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>

namespace feeddeck::testing {

namespace {

constexpr int kNatsStartMs = 10000;
constexpr int kStopMs = 5000;

// A double-quoted string in nats-server's config syntax.
QString quoted(const QString &text)
{
    QString out = text;
    out.replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\""));
    return u'"' + out + u'"';
}

} // namespace

NatsServerProcess::NatsServerProcess()
    : NatsServerProcess(Options{})
{
}

NatsServerProcess::NatsServerProcess(Options options)
    : m_options(std::move(options))
    , m_clientPort(freePort())
    , m_wsPort(freePort())
    , m_clusterPort(freePort())
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

NatsServerProcess::~NatsServerProcess()
{
    if (isRunning()) {
        resume(); // a stopped process only dies once it runs again
        m_process.kill();
        m_process.waitForFinished(kStopMs);
    }
}

QString NatsServerProcess::program()
{
    const QString path = QStringLiteral("/usr/sbin/nats-server");
    return QFileInfo(path).isExecutable() ? path : QString();
}

quint16 NatsServerProcess::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort(); // closed again when `server` goes
}

QUrl NatsServerProcess::clientUrl() const
{
    const bool tls = !m_options.tlsCertFile.isEmpty() && !m_options.tlsKeyFile.isEmpty();
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(tls ? QStringLiteral("tls") : QStringLiteral("nats")).arg(m_clientPort));
}

QUrl NatsServerProcess::wsUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_wsPort));
}

QString NatsServerProcess::configText() const
{
    const Options &o = m_options;
    QStringList lines = {QStringLiteral("listen: \"127.0.0.1:%1\"").arg(m_clientPort), QStringLiteral("logtime: false")};
    if (!o.serverName.isEmpty())
        lines.append(QStringLiteral("server_name: %1").arg(quoted(o.serverName)));
    if (o.maxPayload > 0)
        lines.append(QStringLiteral("max_payload: %1").arg(o.maxPayload));
    if (o.pingIntervalSeconds > 0)
        lines.append(QStringLiteral("ping_interval: \"%1s\"").arg(o.pingIntervalSeconds));
    if (!o.user.isEmpty())
        lines.append(QStringLiteral("authorization { user: %1, password: %2 }").arg(quoted(o.user), quoted(o.password)));
    else if (!o.token.isEmpty())
        lines.append(QStringLiteral("authorization { token: %1 }").arg(quoted(o.token)));
    if (!o.tlsCertFile.isEmpty() && !o.tlsKeyFile.isEmpty())
        lines.append(QStringLiteral("tls { cert_file: %1, key_file: %2 }").arg(quoted(o.tlsCertFile), quoted(o.tlsKeyFile)));
    if (o.websocket)
        lines.append(QStringLiteral("websocket { listen: \"127.0.0.1:%1\", no_tls: true }").arg(m_wsPort));
    if (o.jetstream)
        lines.append(QStringLiteral("jetstream { store_dir: %1 }").arg(quoted(m_dir.filePath(QStringLiteral("jetstream")))));
    if (!o.clusterName.isEmpty()) {
        QStringList routes;
        for (const quint16 port : o.routePorts)
            routes.append(QStringLiteral("\"nats-route://127.0.0.1:%1\"").arg(port));
        lines.append(QStringLiteral("cluster { name: %1, listen: \"127.0.0.1:%2\", routes: [%3] }")
                         .arg(quoted(o.clusterName))
                         .arg(m_clusterPort)
                         .arg(routes.join(QStringLiteral(", "))));
    }
    return lines.join(u'\n') + u'\n';
}

bool NatsServerProcess::start(QString *error)
{
    const QString path = program();
    if (path.isEmpty()) {
        *error = QStringLiteral("nats-server is not installed (/usr/sbin/nats-server): run packaging/bootstrap.sh deps "
                                "(Debian package nats-server)");
        return false;
    }
    if (isRunning()) {
        *error = QStringLiteral("nats-server is already running");
        return false;
    }
    if (m_clientPort == 0 || m_wsPort == 0 || m_clusterPort == 0 || !m_dir.isValid()) {
        *error = QStringLiteral("no free loopback port or temporary folder for nats-server");
        return false;
    }
    QFile config(m_dir.filePath(QStringLiteral("nats-server.conf")));
    if (!config.open(QIODevice::WriteOnly) || config.write(configText().toUtf8()) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(config.fileName(), config.errorString());
        return false;
    }
    config.close();

    readOutput();
    m_logStart = m_log.size();
    m_process.start(path, {QStringLiteral("-c"), config.fileName()});
    if (!m_process.waitForStarted(kNatsStartMs)) {
        *error = QStringLiteral("nats-server did not start: %1").arg(m_process.errorString());
        return false;
    }
    // It logs "Server is ready" once every listener is up; a connection attempt confirms the
    // client port. Both are polled with a bound, and an early exit is seen at once.
    if (!waitForLog(QStringLiteral("Server is ready"), kNatsStartMs)) {
        *error = isRunning() ? QStringLiteral("nats-server was not ready within %1 ms:\n%2").arg(kNatsStartMs).arg(log())
                             : QStringLiteral("nats-server exited while starting:\n%1").arg(log());
        stop();
        return false;
    }
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, m_clientPort);
    if (!probe.waitForConnected(kNatsStartMs)) {
        *error = QStringLiteral("nats-server does not accept connections on port %1:\n%2").arg(m_clientPort).arg(log());
        stop();
        return false;
    }
    return true;
}

bool NatsServerProcess::waitForLog(const QString &text, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        readOutput();
        if (m_log.indexOf(text, m_logStart) >= 0)
            return true;
        if (!isRunning() || deadline.hasExpired())
            return false;
        m_process.waitForReadyRead(int(qBound(qint64(1), deadline.remainingTime(), qint64(100))));
    }
}

void NatsServerProcess::stop()
{
    if (!isRunning())
        return;
    resume();
    m_process.terminate();
    if (!m_process.waitForFinished(kStopMs)) {
        m_process.kill();
        m_process.waitForFinished(kStopMs);
    }
    readOutput();
}

void NatsServerProcess::kill()
{
    if (!isRunning())
        return;
    m_process.kill();
    m_process.waitForFinished(kStopMs);
    readOutput();
}

void NatsServerProcess::suspend()
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void NatsServerProcess::resume()
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), SIGCONT);
}

QString NatsServerProcess::log() const
{
    readOutput();
    return m_log;
}

void NatsServerProcess::readOutput() const
{
    if (m_process.isOpen())
        m_log += QString::fromLocal8Bit(m_process.readAll());
}

} // namespace feeddeck::testing
