#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace feeddeck::testing {

// A real proxy from Debian (tinyproxy or squid for HTTP CONNECT, microsocks for SOCKS5), started the way
// an administrator starts it, on a free loopback port, and stopped with the object.
class ProxyProcess
{
public:
    ProxyProcess() = default;
    ~ProxyProcess();
    ProxyProcess(const ProxyProcess &) = delete;
    ProxyProcess &operator=(const ProxyProcess &) = delete;

    // tinyproxy with its config file in a temporary folder; BasicAuth when user is not empty.
    // extraConfig lines are appended (e.g. "ConnectPort 443"). False with the reason in *error.
    bool startTinyproxy(QString *error, const QString &user = {}, const QString &password = {},
                        const QStringList &extraConfig = {});
    // squid with Basic authentication for `user` (required). Used where tinyproxy 1.11 falls short:
    // it answers a wrong password with 401, squid with 407 as proxies should.
    bool startSquid(QString *error, const QString &user, const QString &password);
    // microsocks, with -u/-P when user is not empty.
    bool startMicrosocks(QString *error, const QString &user = {}, const QString &password = {});
    void stop();

    [[nodiscard]] quint16 port() const { return m_port; }
    // What the proxy has logged so far (tinyproxy logs each CONNECT it serves).
    [[nodiscard]] QString log();

    // A loopback port nothing listens on at the moment of the call.
    [[nodiscard]] static quint16 freePort();

private:
    bool start(const QString &program, const QStringList &arguments, QString *error);
    bool writeFile(const QString &name, const QByteArray &contents, QString *error);

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_log;
};

} // namespace feeddeck::testing
