#pragma once

#include "core/alert/FiredAlert.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class QDBusConnection;
class QDBusPendingCallWatcher;

namespace feeddeck::app::alerts {

// Fired alerts as desktop notifications (org.freedesktop.Notifications on the session bus).
// At most kPerSecond notifications a second; the rest of that second are summed up in one
// ("and 12 more alerts"), so a flood does not bury the desktop. When there is no session bus
// or no notification service, it says so once (a log line and `unavailableReason`) and sends
// nothing more: the alerts stay in the window.
class DesktopNotifier : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DesktopNotifier is provided by the application")
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)
    Q_PROPERTY(QString unavailableReason READ unavailableReason NOTIFY availableChanged)

public:
    static constexpr int kPerSecond = 3;
    static inline const QString kService = QStringLiteral("org.freedesktop.Notifications");

    // Urgency hint of the specification: 0 low, 1 normal, 2 critical.
    [[nodiscard]] static uchar urgencyOf(alert::Severity severity) noexcept;

    explicit DesktopNotifier(QObject *parent = nullptr);

    // The bus to notify on; until set, the session bus (asked for on the first alert).
    void setConnection(const QDBusConnection &bus);

    [[nodiscard]] bool available() const noexcept { return m_unavailableReason.isEmpty(); }
    [[nodiscard]] const QString &unavailableReason() const noexcept { return m_unavailableReason; }

    // Oldest first; the newest kPerSecond of this second are shown, the rest counted.
    void notify(const QList<alert::FiredAlert> &alerts);

signals:
    void availableChanged();

private:
    void send(const QString &summary, const QString &body, uchar urgency);
    void sendHeldBack();
    void onReplied(QDBusPendingCallWatcher *call);
    void becomeUnavailable(const QString &reason);
    void warnFailed(const QString &reason);

    [[nodiscard]] QDBusConnection bus() const;

    QString m_busName; // a connection of QDBusConnection's by name; empty: the session bus
    QString m_unavailableReason;
    QElapsedTimer m_window;     // the current second
    int m_sentInWindow = 0;
    int m_heldBack = 0;         // alerts not shown in this second
    alert::Severity m_heldBackSeverity = alert::Severity::Info;
    QTimer m_summaryTimer;      // sends the "and N more" at the end of the second
    QElapsedTimer m_lastWarning;
    int m_failedSinceWarning = 0;
};

} // namespace feeddeck::app::alerts
