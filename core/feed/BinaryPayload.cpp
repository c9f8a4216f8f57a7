#include "core/feed/BinaryPayload.h"

namespace feeddeck::feed {

namespace {

std::unique_ptr<ws::BoundedInflater> inflaterFor(workspace::Payload payload, qint64 maxMessageBytes)
{
    using Format = ws::BoundedInflater::Format;
    switch (payload) {
    case workspace::Payload::Text:
        return nullptr;
    case workspace::Payload::Gzip:
        return std::make_unique<ws::BoundedInflater>(Format::Gzip, maxMessageBytes);
    case workspace::Payload::Deflate:
        return std::make_unique<ws::BoundedInflater>(Format::RawDeflate, maxMessageBytes);
    case workspace::Payload::Zlib:
        return std::make_unique<ws::BoundedInflater>(Format::Zlib, maxMessageBytes);
    }
    return nullptr;
}

} // namespace

BinaryPayload::BinaryPayload(workspace::Payload payload, qint64 maxMessageBytes)
    : m_payload(payload)
    , m_inflater(inflaterFor(payload, maxMessageBytes))
{
}

BinaryPayload::Result BinaryPayload::unwrap(QByteArrayView frame)
{
    if (!m_inflater)
        return {.problem = QStringLiteral("binary frame on a text feed (set \"payload\" to gzip, deflate or zlib if the "
                                          "server compresses its messages)")};
    const QString format = workspace::payloadName(m_payload);
    switch (m_inflater->inflate(frame)) {
    case ws::BoundedInflater::Status::Ok:
        return {.text = m_inflater->output()};
    case ws::BoundedInflater::Status::TooBig:
        return {.problem = QStringLiteral("a %1 binary frame inflates to more than max_message_bytes (%2 bytes); "
                                          "raise the feed's \"max_message_bytes\" if such messages are expected")
                               .arg(format)
                               .arg(m_inflater->maxBytes())};
    case ws::BoundedInflater::Status::Corrupt:
        break;
    }
    return {.problem = QStringLiteral("a binary frame that is not %1 data: %2; check the feed's \"payload\"")
                           .arg(format, m_inflater->error())};
}

} // namespace feeddeck::feed
