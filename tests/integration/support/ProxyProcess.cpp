#include "ProxyProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

namespace feeddeck::testing {

namespace {

constexpr int kProxyStartMs = 10000;

} // namespace

ProxyProcess::~ProxyProcess()
{
    stop();
}

quint16 ProxyProcess::freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort(); // closed again when `server` goes
}

bool ProxyProcess::startTinyproxy(QString *error, const QString &user, const QString &password,
                                  const QStringList &extraConfig)
{
    m_port = freePort();
    QStringList config = {QStringLiteral("Port %1").arg(m_port), QStringLiteral("Listen 127.0.0.1"),
                          QStringLiteral("Timeout 30"), QStringLiteral("MaxClients 20"), QStringLiteral("LogLevel Connect")};
    if (!user.isEmpty())
        config.append(QStringLiteral("BasicAuth %1 %2").arg(user, password));
    config += extraConfig;
    QFile file(m_dir.filePath(QStringLiteral("tinyproxy.conf")));
    if (!m_dir.isValid() || !file.open(QIODevice::WriteOnly)
        || file.write(config.join(u'\n').toUtf8() + '\n') < 0) {
        *error = QStringLiteral("cannot write the tinyproxy config: %1").arg(file.errorString());
        return false;
    }
    file.close();
    // -d: stay in the foreground and log to stderr, so the test owns the process and reads its log.
    return start(QStringLiteral("tinyproxy"), {QStringLiteral("-d"), QStringLiteral("-c"), file.fileName()}, error);
}

bool ProxyProcess::writeFile(const QString &name, const QByteArray &contents, QString *error)
{
    QFile file(m_dir.filePath(name));
    if (!m_dir.isValid() || !file.open(QIODevice::WriteOnly) || file.write(contents) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool ProxyProcess::startSquid(QString *error, const QString &user, const QString &password)
{
    m_port = freePort();
    // The password file in the format squid's basic_ncsa_auth reads, hashed by the openssl command.
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), {QStringLiteral("passwd"), QStringLiteral("-apr1"), password});
    if (!openssl.waitForFinished(10000) || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl passwd failed: %1").arg(QString::fromLocal8Bit(openssl.readAllStandardError()));
        return false;
    }
    const QString dir = m_dir.path();
    const QStringList config = {
        QStringLiteral("http_port 127.0.0.1:%1").arg(m_port),
        QStringLiteral("pid_filename %1/squid.pid").arg(dir),
        QStringLiteral("cache_log %1/cache.log").arg(dir),
        QStringLiteral("access_log stdio:%1/access.log").arg(dir),
        QStringLiteral("cache deny all"),
        QStringLiteral("shutdown_lifetime 0 seconds"),
        QStringLiteral("auth_param basic program /usr/lib/squid/basic_ncsa_auth %1/passwd").arg(dir),
        QStringLiteral("acl authenticated proxy_auth REQUIRED"),
        QStringLiteral("http_access allow authenticated"),
        QStringLiteral("http_access deny all"),
    };
    if (!writeFile(QStringLiteral("passwd"), user.toUtf8() + ':' + openssl.readAllStandardOutput().trimmed() + '\n', error)
        || !writeFile(QStringLiteral("squid.conf"), config.join(u'\n').toUtf8() + '\n', error))
        return false;
    // Started as root, squid works as its own user ("proxy"), which must reach its files here.
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                   | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
    // -N: stay in the foreground, so the test owns the process.
    return start(QStringLiteral("squid"), {QStringLiteral("-N"), QStringLiteral("-f"), m_dir.filePath(QStringLiteral("squid.conf"))},
                 error);
}

bool ProxyProcess::startMicrosocks(QString *error, const QString &user, const QString &password)
{
    m_port = freePort();
    QStringList arguments = {QStringLiteral("-i"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                             QString::number(m_port)};
    if (!user.isEmpty())
        arguments += {QStringLiteral("-u"), user, QStringLiteral("-P"), password};
    return start(QStringLiteral("microsocks"), arguments, error);
}

bool ProxyProcess::start(const QString &program, const QStringList &arguments, QString *error)
{
    const QString path = QStandardPaths::findExecutable(program, {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin")});
    if (path.isEmpty()) {
        *error = QStringLiteral("%1 is not installed; the proxy tests need it: run packaging/bootstrap.sh deps "
                                "(Debian package %1)").arg(program);
        return false;
    }
    if (m_port == 0) {
        *error = QStringLiteral("no free loopback port for %1").arg(program);
        return false;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(path, arguments);
    if (!m_process.waitForStarted(kProxyStartMs)) {
        *error = QStringLiteral("%1 did not start: %2").arg(program, m_process.errorString());
        return false;
    }
    // Bounded poll until the port accepts connections; the wait between tries is on the process,
    // so an early exit is seen at once.
    const QDeadlineTimer deadline(kProxyStartMs);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200))
            return true;
        if (m_process.waitForFinished(20) || m_process.state() == QProcess::NotRunning) {
            *error = QStringLiteral("%1 exited before listening on port %2: %3").arg(program).arg(m_port).arg(log());
            return false;
        }
    }
    *error = QStringLiteral("%1 did not listen on port %2 within %3 ms: %4").arg(program).arg(m_port).arg(kProxyStartMs).arg(log());
    return false;
}

void ProxyProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ProxyProcess::log()
{
    m_log += QString::fromLocal8Bit(m_process.readAll());
    return m_log;
}

} // namespace feeddeck::testing
