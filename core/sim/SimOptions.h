#pragma once

#include <QHostAddress>
#include <QRandomGenerator>
#include <QtGlobal>

namespace feeddeck::sim {

// The simulator never needs more: a higher rate only burns the CPU the client needs.
inline constexpr double kMaxRatePerSymbolHz = 100000.0;

// The server's timer: each connection's messages due since the last tick go out on each tick.
inline constexpr int kTickIntervalMs = 10;

struct SimOptions
{
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: any free port
    double ratePerSymbolHz = 4.0; // average updates per second for each subscribed symbol
    quint64 seed = QRandomGenerator::global()->generate64();
};

} // namespace feeddeck::sim
