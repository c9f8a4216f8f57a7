#include "app/alerts/DesktopNotifier.h"

#include "app/alerts/AlertText.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QVariantMap>

#include <algorithm>
#include <utility>

namespace feeddeck::app::alerts {

namespace {

Q_LOGGING_CATEGORY(lcNotify, "feeddeck.alerts.notify")

const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
constexpr qint64 kWindowMs = 1000;
constexpr qint64 kWarningIntervalMs = 5000;

} // namespace

uchar DesktopNotifier::urgencyOf(alert::Severity severity) noexcept
{
    switch (severity) {
    case alert::Severity::Info:
        return 0;
    case alert::Severity::Warning:
        return 1;
    case alert::Severity::Critical:
        return 2;
    }
    return 1;
}

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{
    m_summaryTimer.setSingleShot(true);
    connect(&m_summaryTimer, &QTimer::timeout, this, &DesktopNotifier::sendHeldBack);
}

void DesktopNotifier::setConnection(const QDBusConnection &bus)
{
    m_busName = bus.name();
}

QDBusConnection DesktopNotifier::bus() const
{
    return m_busName.isEmpty() ? QDBusConnection::sessionBus() : QDBusConnection(m_busName);
}

void DesktopNotifier::notify(const QList<alert::FiredAlert> &alerts)
{
    if (alerts.isEmpty() || !available())
        return;
    const QDBusConnection connection = bus();
    if (!connection.isConnected()) {
        const QString why = connection.lastError().message();
        becomeUnavailable(tr("No desktop session bus (%1): alerts are shown in FeedDeck only.")
                              .arg(why.isEmpty() ? tr("none found") : why));
        return;
    }
    if (!m_window.isValid() || m_window.elapsed() >= kWindowMs) {
        m_window.start();
        m_sentInWindow = 0;
    }
    const qsizetype room = std::max(0, kPerSecond - m_sentInWindow);
    const qsizetype shown = std::min(room, alerts.size());
    // The newest of this batch are the ones worth showing; the older ones are summed up.
    for (qsizetype i = alerts.size() - shown; i < alerts.size(); ++i) {
        const alert::FiredAlert &alert = alerts.at(i);
        // The body may be read as markup by the notification service: wire text is escaped.
        const QString body = tr("%1 on %2 at %3").arg(formattedValue(alert), alert.feed, localTime(alert.timeMs))
                             + (alert.note.isEmpty() ? QString() : u'\n' + alert.note);
        send(summary(alert), body.toHtmlEscaped(), urgencyOf(alert.severity));
    }
    m_sentInWindow += int(shown);
    for (qsizetype i = 0; i < alerts.size() - shown; ++i) {
        ++m_heldBack;
        m_heldBackSeverity = std::max(m_heldBackSeverity, alerts.at(i).severity);
    }
    if (m_heldBack > 0 && !m_summaryTimer.isActive())
        m_summaryTimer.start(int(std::max<qint64>(1, kWindowMs - m_window.elapsed())));
}

void DesktopNotifier::sendHeldBack()
{
    if (m_heldBack == 0 || !available())
        return;
    const int count = std::exchange(m_heldBack, 0);
    const alert::Severity severity = std::exchange(m_heldBackSeverity, alert::Severity::Info);
    send(tr("And %n more alerts", nullptr, count), tr("See the Alerts view in FeedDeck."), urgencyOf(severity));
    // The summary takes one place of the new second.
    m_window.start();
    m_sentInWindow = 1;
}

void DesktopNotifier::send(const QString &summary, const QString &body, uchar urgency)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue<uchar>(urgency)},
                            {QStringLiteral("desktop-entry"), QStringLiteral("feeddeck")}};
    call << QStringLiteral("FeedDeck") << uint(0) << QStringLiteral("feeddeck") << summary << body << QStringList()
         << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &DesktopNotifier::onReplied);
}

void DesktopNotifier::onReplied(QDBusPendingCallWatcher *call)
{
    call->deleteLater();
    const QDBusPendingReply<uint> reply = *call;
    if (!reply.isError())
        return;
    const QDBusError error = reply.error();
    if (error.type() == QDBusError::ServiceUnknown || error.type() == QDBusError::NoServer
        || error.type() == QDBusError::Disconnected)
        becomeUnavailable(tr("No desktop notification service (%1): alerts are shown in FeedDeck only.")
                              .arg(error.message()));
    else
        warnFailed(error.message());
}

void DesktopNotifier::warnFailed(const QString &reason)
{
    // One line per 5 s at most, with how many failed since the last one.
    ++m_failedSinceWarning;
    if (m_lastWarning.isValid() && m_lastWarning.elapsed() < kWarningIntervalMs)
        return;
    qCWarning(lcNotify, "%d desktop notifications failed: %s", std::exchange(m_failedSinceWarning, 0),
              qPrintable(reason));
    m_lastWarning.start();
}

void DesktopNotifier::becomeUnavailable(const QString &reason)
{
    if (!available())
        return;
    m_unavailableReason = reason;
    m_summaryTimer.stop();
    m_heldBack = 0;
    qCWarning(lcNotify, "%s", qPrintable(reason));
    emit availableChanged();
}

} // namespace feeddeck::app::alerts
