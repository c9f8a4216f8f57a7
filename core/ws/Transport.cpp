#include "core/ws/Transport.h"

#include "core/ws/QtWebSocketTransport.h"
#include "core/ws/WebSocketTransport.h"

namespace feeddeck::ws {

std::unique_ptr<Transport> NetworkTransportFactory::create(const QString &client, TransportOptions options)
{
    if (client == kQtTransport)
        return std::make_unique<QtWebSocketTransport>(std::move(options));
    return std::make_unique<WebSocketTransport>(std::move(options));
}

} // namespace feeddeck::ws
