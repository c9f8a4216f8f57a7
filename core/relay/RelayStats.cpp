#include "core/relay/RelayStats.h"

namespace feeddeck::relay {

QJsonObject toJson(const RelayStats &stats)
{
    QJsonObject droppedByFeed;
    for (const auto &[feed, count] : stats.droppedByFeed)
        droppedByFeed.insert(feed, qint64(count));
    auto nullable = [](const QString &text) { return text.isEmpty() ? QJsonValue() : QJsonValue(text); };
    return QJsonObject{
        {QStringLiteral("nats_url"), stats.natsUrl},
        {QStringLiteral("server"), nullable(stats.server)},
        {QStringLiteral("connected"), stats.connected},
        {QStringLiteral("received"), qint64(stats.received)},
        {QStringLiteral("published"), qint64(stats.published)},
        {QStringLiteral("statuses"), qint64(stats.statuses)},
        {QStringLiteral("dropped"), qint64(stats.dropped)},
        {QStringLiteral("oversize"), qint64(stats.oversize)},
        {QStringLiteral("buffered"), qint64(stats.buffered)},
        {QStringLiteral("buffered_bytes"), stats.bufferedBytes},
        {QStringLiteral("connects"), qint64(stats.connects)},
        {QStringLiteral("disconnects"), qint64(stats.disconnects)},
        {QStringLiteral("bytes"), qint64(stats.bytes)},
        {QStringLiteral("last_error"), nullable(stats.lastError)},
        {QStringLiteral("dropped_by_feed"), droppedByFeed},
        {QStringLiteral("history"),
         QJsonObject{{QStringLiteral("state"), stats.historyState},
                     {QStringLiteral("stream"), nullable(stats.historyState == QLatin1String("off") ? QString()
                                                                                                  : stats.historyStream)},
                     {QStringLiteral("max_age_s"), stats.historyMs / 1000},
                     {QStringLiteral("max_bytes"), stats.historyBytes},
                     {QStringLiteral("error"), nullable(stats.historyError)}}},
    };
}

} // namespace feeddeck::relay
