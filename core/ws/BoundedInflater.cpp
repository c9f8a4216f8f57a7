#include "core/ws/BoundedInflater.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace feeddeck::ws {

namespace {

constexpr qsizetype kFirstChunkBytes = 16 * 1024;
// The output buffer is given back after a message this large has passed through it.
constexpr qsizetype kKeepOutputBytes = 2 * 1024 * 1024;
// Compressed messages up to this size are copied to be inflated with their tail in one call.
constexpr qsizetype kJoinTailBytes = 4096;
// Always the largest window: it inflates anything a sender compressed with a smaller one.
constexpr int kWindowBits = 15;

int zlibWindowBits(BoundedInflater::Format format)
{
    switch (format) {
    case BoundedInflater::Format::PerMessageDeflate:
    case BoundedInflater::Format::RawDeflate:
        return -kWindowBits;
    case BoundedInflater::Format::Zlib:
        return kWindowBits;
    case BoundedInflater::Format::Gzip:
        return kWindowBits + 16;
    }
    return -kWindowBits;
}

} // namespace

struct BoundedInflater::Stream
{
    z_stream z {};
    bool ready = false;
};

BoundedInflater::BoundedInflater(Format format, qint64 maxBytes, bool keepContext)
    : m_format(format)
    , m_maxBytes(std::max<qint64>(maxBytes, 0))
    , m_keepContext(keepContext && format == Format::PerMessageDeflate)
    , m_stream(std::make_unique<Stream>())
{
    m_stream->ready = inflateInit2(&m_stream->z, zlibWindowBits(format)) == Z_OK;
}

BoundedInflater::~BoundedInflater()
{
    if (m_stream->ready)
        inflateEnd(&m_stream->z);
}

void BoundedInflater::reset()
{
    if (m_stream->ready)
        inflateReset(&m_stream->z);
    m_ended = false;
}

BoundedInflater::Status BoundedInflater::fail(Status status, QString error)
{
    m_error = std::move(error);
    m_size = 0;
    reset(); // the context is unusable after a cut-off or corrupt message
    return status;
}

BoundedInflater::Status BoundedInflater::inflate(QByteArrayView input)
{
    if (!m_stream->ready)
        return fail(Status::Corrupt, QStringLiteral("zlib could not be initialised"));
    if (m_out.size() > kKeepOutputBytes)
        m_out = QByteArray();
    m_size = 0;
    m_error.clear();
    if (!m_keepContext || m_ended)
        reset();

    if (m_format == Format::PerMessageDeflate) {
        static constexpr char kTail[] = {'\x00', '\x00', '\xff', '\xff'};
        if (input.size() <= kJoinTailBytes) {
            // One pass over message and tail: for feed-sized messages zlib's per-call cost
            // is larger than this copy.
            m_joined.resize(input.size() + 4);
            std::memcpy(m_joined.data(), input.data(), std::size_t(input.size()));
            std::memcpy(m_joined.data() + input.size(), kTail, 4);
            return run(m_joined);
        }
        if (const Status status = run(input); status != Status::Ok)
            return status;
        return run(QByteArrayView(kTail, 4));
    }
    if (const Status status = run(input); status != Status::Ok)
        return status;
    if (!m_ended && m_format != Format::RawDeflate) {
        return fail(Status::Corrupt, QStringLiteral("the compressed data ends before its stream does (truncated)"));
    }
    return Status::Ok;
}

BoundedInflater::Status BoundedInflater::run(QByteArrayView input)
{
    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
    z.avail_in = uInt(input.size());
    // One byte past the limit is room enough to tell that the message is too big.
    const qint64 limit = m_maxBytes + 1;
    for (;;) {
        if (m_size == m_out.size()) {
            if (m_size >= limit)
                return fail(Status::TooBig,
                            QStringLiteral("the message inflates to more than %1 bytes").arg(m_maxBytes));
            const qint64 grown = std::max<qint64>(kFirstChunkBytes, qint64(m_out.size()) * 2);
            m_out.resize(qsizetype(std::min(grown, limit)));
        }
        const qsizetype room = std::min<qsizetype>(m_out.size() - m_size, std::numeric_limits<uInt>::max());
        z.next_out = reinterpret_cast<Bytef *>(m_out.data() + m_size);
        z.avail_out = uInt(room);
        const int rc = ::inflate(&z, Z_SYNC_FLUSH);
        m_size += room - qsizetype(z.avail_out);
        if (m_size > m_maxBytes)
            return fail(Status::TooBig, QStringLiteral("the message inflates to more than %1 bytes").arg(m_maxBytes));
        if (rc == Z_STREAM_END) {
            m_ended = true;
            if (z.avail_in > 0 && m_format != Format::PerMessageDeflate)
                return fail(Status::Corrupt, QStringLiteral("data follows the end of the compressed stream"));
            return Status::Ok;
        }
        if (rc == Z_BUF_ERROR) {
            if (z.avail_in == 0) // all input taken; the rest may come with the next call
                return Status::Ok;
            continue; // out of room: grow and go on
        }
        if (rc != Z_OK) {
            const QString what = z.msg ? QString::fromLatin1(z.msg) : QStringLiteral("zlib error %1").arg(rc);
            return fail(Status::Corrupt, QStringLiteral("the compressed data is corrupt (%1)").arg(what));
        }
        if (z.avail_in == 0 && z.avail_out > 0)
            return Status::Ok;
    }
}

} // namespace feeddeck::ws
