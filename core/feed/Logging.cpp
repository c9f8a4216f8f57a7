#include "core/feed/Logging.h"

namespace feeddeck::feed {
Q_LOGGING_CATEGORY(lcFeed, "feeddeck.feed", QtInfoMsg)

QString LogThrottle::pass(const QString &text, qint64 nowMs)
{
    const bool sameAsBefore = text == m_lastText;
    if (sameAsBefore && m_lastMs >= 0 && nowMs - m_lastMs < m_intervalMs) {
        ++m_held;
        return {};
    }
    QString line = text;
    if (sameAsBefore && m_held > 0)
        line += QStringLiteral(" (%1 more like this)").arg(m_held);
    m_held = 0;
    m_lastMs = nowMs;
    m_lastText = text;
    return line;
}

} // namespace feeddeck::feed
