#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::feed {
class FeedManager;
struct ProbeReport;
}

namespace feeddeck::app::editor {

class FeedEditor;

// "Test connection" for the feed being edited: tries its settings as they are now, on a
// connection of their own, and shows whether the handshake worked, what arrived, and the
// raw text of the last few messages. Nothing is saved or applied by a test.
class ConnectionTester : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConnectionTester is provided by the application")
    Q_PROPERTY(bool running READ isRunning NOTIFY changed)
    Q_PROPERTY(bool hasResult READ hasResult NOTIFY changed)
    Q_PROPERTY(bool ok READ isOk NOTIFY changed)
    Q_PROPERTY(QString summary READ summary NOTIFY changed)       // one line for people
    Q_PROPERTY(QStringList messages READ messages NOTIFY changed) // raw text, oldest first
    Q_PROPERTY(QStringList problems READ problems NOTIFY changed)

public:
    static constexpr qsizetype kMaxShownChars = 4000; // per message, on screen

    ConnectionTester(feed::FeedManager &engine, FeedEditor &editor, QObject *parent = nullptr);

    Q_INVOKABLE void start();
    Q_INVOKABLE void clear();

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool hasResult() const { return !m_summary.isEmpty() && !m_running; }
    [[nodiscard]] bool isOk() const { return m_ok; }
    [[nodiscard]] QString summary() const { return m_summary; }
    [[nodiscard]] QStringList messages() const { return m_messages; }
    [[nodiscard]] QStringList problems() const { return m_problems; }
    // The messages exactly as received, for the mapping preview.
    [[nodiscard]] const QStringList &rawMessages() const { return m_rawMessages; }

signals:
    void changed();

private:
    void onReport(const feed::ProbeReport &report);

    feed::FeedManager &m_engine;
    FeedEditor &m_editor;
    quint64 m_generation = 0; // answers to an older test (or another feed) are dropped
    QString m_testedFeed;
    bool m_running = false;
    bool m_ok = false;
    QString m_summary;
    QStringList m_messages;
    QStringList m_rawMessages;
    QStringList m_problems;
};

} // namespace feeddeck::app::editor
