#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::feed {
class FeedManager;
}

namespace feeddeck::app::editor {

class ConnectionTester;
class FeedEditor;

// Applies the feed's settings as they are being edited (for a JSON mapping: its match,
// key, time and fields) to one raw message and shows the row it makes, or what is wrong.
// Messages come from "Test connection" or from the running feed; the user may also
// paste one.
class MappingPreview : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MappingPreview is provided by the application")
    Q_PROPERTY(QString message READ message WRITE setMessage NOTIFY changed)
    Q_PROPERTY(QStringList samples READ samples NOTIFY changed)  // raw messages to pick from, newest last
    Q_PROPERTY(QVariantList rows READ rows NOTIFY changed)       // [{symbol, values, time}]
    Q_PROPERTY(QString verdict READ verdict NOTIFY changed)      // one line: the outcome in plain words
    Q_PROPERTY(bool good READ isGood NOTIFY changed)             // the message made at least one row

public:
    MappingPreview(feed::FeedManager &engine, FeedEditor &editor, ConnectionTester &tester, QObject *parent = nullptr);

    // Asks the running feed for its last few messages (an existing feed only).
    Q_INVOKABLE void fetchRecent();
    Q_INVOKABLE void useSample(int index);

    [[nodiscard]] QString message() const { return m_message; }
    void setMessage(const QString &message);
    [[nodiscard]] QStringList samples() const { return m_samples; }
    [[nodiscard]] QVariantList rows() const { return m_rows; }
    [[nodiscard]] QString verdict() const { return m_verdict; }
    [[nodiscard]] bool isGood() const { return !m_rows.isEmpty(); }

signals:
    void changed();

private:
    void setSamples(const QStringList &samples);
    void evaluate();

    feed::FeedManager &m_engine;
    FeedEditor &m_editor;
    ConnectionTester &m_tester;
    quint64 m_generation = 0;
    QString m_message;
    QStringList m_samples;
    QVariantList m_rows;
    QString m_verdict;
};

} // namespace feeddeck::app::editor
