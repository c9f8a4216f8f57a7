#include "core/sim/LocalSimulator.h"

#include "core/sim/SimServer.h"

namespace feeddeck::sim {

LocalSimulator::LocalSimulator() = default;

LocalSimulator::~LocalSimulator()
{
    if (m_server)
        m_server->close();
}

QUrl LocalSimulator::resolve(const QUrl &url, QString *error)
{
    if (url.scheme() != QLatin1String("sim"))
        return url;
    if (!m_server) {
        m_server = std::make_unique<SimServer>(SimOptions{});
        if (!m_server->listen(error)) {
            m_server.reset();
            return {};
        }
    }
    return m_server->url(QLatin1Char('/') + url.host());
}

std::function<QUrl(const QUrl &url, QString *error)> urlResolver()
{
    return [simulator = std::make_shared<LocalSimulator>()](const QUrl &url, QString *error) {
        return simulator->resolve(url, error);
    };
}

} // namespace feeddeck::sim
