// bench_load_source: streams Coinbase-style ticker frames to every WebSocket client.
//   bench_load_source [--port 0] [--instruments 128] [--messages N] [--rate HZ]
// Prints {"event":"listening","port":N,"payload_bytes":B} once listening, then one line per
// client: {"event":"opened","connection":K,"connections":K} at its handshake,
// {"event":"finished","connection":K,"sent":N,"ms":T} when a paced client was sent its
// --messages, {"event":"closed","connection":K,"sent":N,"connections":C,"sent_total":S} when it
// leaves. Runs until killed.
#include "LoadServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{"port", "TCP port (0: any free one).", "port", "0"},
                       {"instruments", "Distinct instruments.", "n", "128"},
                       {"messages", "Messages per connection (0: until the client leaves).", "n", "0"},
                       {"rate", "Messages per second (0: as fast as the client reads).", "hz", "0"}});
    parser.process(app);

    feeddeck::bench::LoadServer::Options options;
    bool ok = true;
    options.instruments = parser.value("instruments").toInt(&ok);
    bool okMessages = true;
    options.messages = parser.value("messages").toLongLong(&okMessages);
    bool okRate = true;
    options.rate = parser.value("rate").toDouble(&okRate);
    bool okPort = true;
    const uint port = parser.value("port").toUInt(&okPort);
    if (!ok || !okMessages || !okRate || !okPort || options.instruments < 1 || options.instruments > 1000
        || options.messages < 0 || options.rate < 0 || port > 65535) {
        std::fprintf(stderr, "bench_load_source: bad option; see --help\n");
        return 2;
    }

    feeddeck::bench::LoadServer server(options);
    QString error;
    if (!server.listen(quint16(port), &error)) {
        std::fprintf(stderr, "bench_load_source: cannot listen on 127.0.0.1:%u: %s\n", port, qPrintable(error));
        return 1;
    }
    std::printf("{\"event\":\"listening\",\"port\":%u,\"payload_bytes\":%.0f}\n", unsigned(server.port()),
                server.averagePayloadBytes());
    std::fflush(stdout);
    using feeddeck::bench::LoadServer;
    QObject::connect(&server, &LoadServer::sessionOpened, &server, [](int connection) {
        std::printf("{\"event\":\"opened\",\"connection\":%d,\"connections\":%d}\n", connection, connection);
        std::fflush(stdout);
    });
    QObject::connect(&server, &LoadServer::sessionFinished, &server, [](int connection, qint64 sent, qint64 ms) {
        std::printf("{\"event\":\"finished\",\"connection\":%d,\"sent\":%lld,\"ms\":%lld}\n", connection,
                    static_cast<long long>(sent), static_cast<long long>(ms));
        std::fflush(stdout);
    });
    QObject::connect(&server, &LoadServer::sessionClosed, &server, [&server](int connection, qint64 sent) {
        std::printf("{\"event\":\"closed\",\"connection\":%d,\"sent\":%lld,\"connections\":%d,\"sent_total\":%lld}\n",
                    connection, static_cast<long long>(sent), server.connections(),
                    static_cast<long long>(server.sent()));
        std::fflush(stdout);
    });
    return app.exec();
}
