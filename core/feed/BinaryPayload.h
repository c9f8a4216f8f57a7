#pragma once

#include "core/workspace/WireFormat.h"
#include "core/ws/BoundedInflater.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace feeddeck::feed {

// What a feed's binary frames carry, turned into the text its codec reads: several exchanges
// send their JSON as gzip, zlib or raw deflate in binary frames. Inflated within the feed's
// max_message_bytes, like any other message. Text frames never come here.
class BinaryPayload
{
public:
    struct Result
    {
        QByteArrayView text {}; // valid until the next call; empty when problem is set
        QString problem {};     // why the frame is a bad message, in words for the user
    };

    BinaryPayload(workspace::Payload payload, qint64 maxMessageBytes);

    [[nodiscard]] Result unwrap(QByteArrayView frame);

private:
    workspace::Payload m_payload;
    std::unique_ptr<ws::BoundedInflater> m_inflater; // none on a text feed
};

} // namespace feeddeck::feed
