#pragma once

#include <QLoggingCategory>
#include <QString>

namespace feeddeck::feed {
Q_DECLARE_LOGGING_CATEGORY(lcFeed)

// Lets one line through per interval: a feed retrying every few hundred milliseconds
// must not flood the log. Repeats held back are counted into the next identical line let through.
class LogThrottle
{
public:
    explicit LogThrottle(qint64 intervalMs = 5000) : m_intervalMs(intervalMs) {}

    // The text to log now ("... (3 more like this)"), or an empty string to stay quiet.
    [[nodiscard]] QString pass(const QString &text, qint64 nowMs);

private:
    qint64 m_intervalMs;
    qint64 m_lastMs = -1;
    QString m_lastText;
    int m_held = 0;
};

} // namespace feeddeck::feed
