#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <memory>

namespace feeddeck::ws {

// Inflates compressed messages into one buffer that never grows past maxBytes: inflating
// stops as soon as the output would pass it, so a small message that inflates to gigabytes
// (a "deflate bomb") costs at most maxBytes of memory. FeedDeck's one place for zlib: the
// permessage-deflate extension (RFC 7692) and feeds whose binary frames carry gzip, zlib
// or raw deflate data both use it.
class BoundedInflater
{
public:
    enum class Format {
        PerMessageDeflate, // RFC 7692 7.2.2: raw deflate with the 0x00 0x00 0xff 0xff tail the sender removed
        RawDeflate,
        Zlib,
        Gzip,
    };
    enum class Status { Ok, TooBig, Corrupt };

    // keepContext: later messages may refer back to earlier ones (permessage-deflate's context
    // takeover); otherwise every message starts afresh.
    BoundedInflater(Format format, qint64 maxBytes, bool keepContext = false);
    ~BoundedInflater();
    BoundedInflater(const BoundedInflater &) = delete;
    BoundedInflater &operator=(const BoundedInflater &) = delete;

    // Inflates one whole message. After Ok, output() holds it until the next call; after
    // anything else the inflater starts afresh on the next call and error() says why.
    [[nodiscard]] Status inflate(QByteArrayView input);

    [[nodiscard]] QByteArrayView output() const noexcept { return {m_out.constData(), m_size}; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] qint64 maxBytes() const noexcept { return m_maxBytes; }

private:
    struct Stream;
    [[nodiscard]] Status run(QByteArrayView input);
    [[nodiscard]] Status fail(Status status, QString error);
    void reset();

    Format m_format;
    qint64 m_maxBytes;
    bool m_keepContext;
    std::unique_ptr<Stream> m_stream;
    QByteArray m_joined;   // a small compressed message and its tail, inflated in one call
    QByteArray m_out;      // the inflated message: m_out[0, m_size)
    qsizetype m_size = 0;
    bool m_ended = false;  // the zlib stream reached its end
    QString m_error;
};

} // namespace feeddeck::ws
