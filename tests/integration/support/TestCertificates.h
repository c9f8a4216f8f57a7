#pragma once

#include <QSslConfiguration>
#include <QString>
#include <QTemporaryDir>

namespace feeddeck::testing {

// A CA and a server certificate for 127.0.0.1 / localhost signed by it, made fresh in a
// temporary folder with the openssl command (Debian's openssl package) for one test run.
class TestCertificates
{
public:
    // Makes the files; false with the reason in *error when openssl is missing or failed.
    bool make(QString *error);

    // The CA's certificate (PEM), what a feed names in "ca_file".
    [[nodiscard]] QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    // The server side: its certificate and key.
    [[nodiscard]] QSslConfiguration serverTls() const { return m_serverTls; }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    bool run(const QStringList &arguments, QString *error);

    QTemporaryDir m_dir;
    QSslConfiguration m_serverTls;
};

} // namespace feeddeck::testing
