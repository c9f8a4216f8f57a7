#pragma once

#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace feeddeck::sim {

class SimServer;

// The simulator behind a workspace's sim://market and sim://inventory: one SimServer in this
// process, started at the first sim:// URL on the thread that asks (the feed engine's network
// thread), where it then lives. Destroying this closes it.
class LocalSimulator
{
public:
    LocalSimulator();
    ~LocalSimulator();
    LocalSimulator(const LocalSimulator &) = delete;
    LocalSimulator &operator=(const LocalSimulator &) = delete;

    // `url` as it is, unless it is sim://NAME: then the server's ws://127.0.0.1:PORT/NAME, or an
    // empty URL with the reason in *error when the server cannot listen.
    [[nodiscard]] QUrl resolve(const QUrl &url, QString *error);

private:
    std::unique_ptr<SimServer> m_server;
};

// A resolver of feed URLs backed by a LocalSimulator of its own, for the feed engine
// (feed::FeedWorker::Options::urlResolver): sim:// feeds then run on the built-in simulator.
[[nodiscard]] std::function<QUrl(const QUrl &url, QString *error)> urlResolver();

} // namespace feeddeck::sim
