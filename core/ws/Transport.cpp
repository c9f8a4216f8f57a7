#include "core/ws/Transport.h"

#include "core/ws/QtWebSocketTransport.h"
#include "core/ws/WebSocketTransport.h"

namespace feeddeck::ws {

Transport *createTransport(const QString &name, TransportOptions options, QObject *parent)
{
    if (name == kQtTransport)
        return new QtWebSocketTransport(std::move(options), parent);
    return new WebSocketTransport(std::move(options), parent);
}

} // namespace feeddeck::ws
