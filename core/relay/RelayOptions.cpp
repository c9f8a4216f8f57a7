#include "core/relay/RelayOptions.h"

#include "core/codec/nats/NatsSubject.h"

#include <QFile>

#include <array>
#include <utility>

namespace feeddeck::relay {

std::optional<qint64> parseByteSize(QStringView text)
{
    text = text.trimmed();
    qsizetype digits = 0;
    while (digits < text.size() && text[digits].isDigit())
        ++digits;
    if (digits == 0 || digits > 15)
        return std::nullopt;
    bool ok = false;
    const qint64 number = text.left(digits).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    const QStringView unit = text.sliced(digits).trimmed();
    static const std::array<std::pair<QStringView, qint64>, 8> kUnits{{
        {u"", 1},
        {u"B", 1},
        {u"KiB", qint64(1) << 10},
        {u"MiB", qint64(1) << 20},
        {u"GiB", qint64(1) << 30},
        {u"KB", 1000},
        {u"MB", 1000 * 1000},
        {u"GB", 1000 * 1000 * 1000},
    }};
    for (const auto &[name, factor] : kUnits)
        if (unit.compare(name, Qt::CaseInsensitive) == 0)
            return number * factor;
    return std::nullopt;
}

std::optional<qint64> parseDurationMs(QStringView text)
{
    text = text.trimmed();
    qsizetype digits = 0;
    while (digits < text.size() && text[digits].isDigit())
        ++digits;
    if (digits == 0 || digits > 9)
        return std::nullopt;
    const qint64 number = text.left(digits).toLongLong();
    const QStringView unit = text.sliced(digits);
    static const std::array<std::pair<QStringView, qint64>, 4> kUnits{{
        {u"s", 1000}, {u"m", 60 * 1000}, {u"h", 60 * 60 * 1000}, {u"d", 24 * 60 * 60 * 1000}}};
    if (unit.isEmpty())
        return number == 0 ? std::optional<qint64>(0) : std::nullopt; // a bare number only for "0"
    for (const auto &[name, factor] : kUnits)
        if (unit == name)
            return number * factor;
    return std::nullopt;
}

QString validate(RelayOptions &options)
{
    const QUrl &url = options.natsUrl;
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("nats") && scheme != QLatin1String("tls")))
        return QStringLiteral("--nats must be a nats://HOST:PORT or tls://HOST:PORT address, got \"%1\"")
            .arg(url.toString());
    if (url.host().isEmpty())
        return QStringLiteral("--nats needs a host, e.g. nats://127.0.0.1:4222, got \"%1\"").arg(url.toString());
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return QStringLiteral("--nats takes no path (\"%1\"): give nats://HOST:PORT").arg(url.path());
    if (!url.userInfo().isEmpty())
        return QStringLiteral("--nats must not carry credentials: use --nats-user/--nats-password or --nats-token "
                              "(or FEEDDECK_NATS_USER, FEEDDECK_NATS_PASSWORD, FEEDDECK_NATS_TOKEN)");
    if (!codec::nats::isValidPrefix(options.subjectPrefix))
        return QStringLiteral("--subject-prefix \"%1\" is not a subject prefix: use letters, digits, '_' and '-' "
                              "in tokens joined by '.', e.g. feeddeck or desk.eu")
            .arg(options.subjectPrefix);
    if (options.password.isEmpty() != options.user.isEmpty())
        return options.user.isEmpty()
                   ? QStringLiteral("--nats-password needs --nats-user (or FEEDDECK_NATS_USER)")
                   : QStringLiteral("--nats-user needs --nats-password (or FEEDDECK_NATS_PASSWORD)");
    if (!options.token.isEmpty() && !options.user.isEmpty())
        return QStringLiteral("give either --nats-token or --nats-user/--nats-password, not both");
    if (options.bufferBytes < kMinBufferBytes || options.bufferBytes > kMaxBufferBytes)
        return QStringLiteral("--buffer must be between 64KiB and 4GiB");
    if (options.historyMs < 0)
        return QStringLiteral("--history must be a duration such as 1h, 30m or 0 (no history)");
    if (options.historyMs > 0 && options.historyBytes < kMinBufferBytes)
        return QStringLiteral("--history-bytes must be at least 64KiB (or turn history off with --history 0)");
    if (!options.caFile.isEmpty()) {
        if (scheme != QLatin1String("tls"))
            return QStringLiteral("--nats-ca is for a tls:// server: use --nats tls://HOST:PORT");
        QFile file(options.caFile);
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("--nats-ca: cannot read \"%1\": %2").arg(options.caFile, file.errorString());
        if (file.size() > 1024 * 1024)
            return QStringLiteral("--nats-ca: \"%1\" is larger than 1 MiB; name the CA's PEM certificate")
                .arg(options.caFile);
        options.caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (options.caCertificates.isEmpty())
            return QStringLiteral("--nats-ca: \"%1\" holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")")
                .arg(options.caFile);
    }
    return {};
}

} // namespace feeddeck::relay
