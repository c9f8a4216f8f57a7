#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace feeddeck::app::editor {

// The feed editor's JSON mapping section (protocol "json"): the mapping as text the user edits,
// templates and match as JSON, lists comma-separated.
class MappingDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MappingDraft belongs to FeedEditor")
    Q_PROPERTY(QString subscribeTemplate READ subscribeTemplate WRITE setSubscribeTemplate NOTIFY changed)
    Q_PROPERTY(QString unsubscribeTemplate READ unsubscribeTemplate WRITE setUnsubscribeTemplate NOTIFY changed)
    Q_PROPERTY(QString matchFilter READ matchFilter WRITE setMatchFilter NOTIFY changed)
    Q_PROPERTY(QString keyFields READ keyFields WRITE setKeyFields NOTIFY changed)
    Q_PROPERTY(QString timeField READ timeField WRITE setTimeField NOTIFY changed)
    Q_PROPERTY(QString valueFields READ valueFields WRITE setValueFields NOTIFY changed)

public:
    // `edited` runs after each change to a text (the editor rebuilds the mapping and checks the feed).
    explicit MappingDraft(std::function<void()> edited, QObject *parent = nullptr);

    // Shows `mapping` as texts (a feed was opened, reverted or switched to protocol "json").
    void load(const QJsonObject &mapping);
    // `mapping` with the texts put in. Templates and the match filter are JSON the user types:
    // until a text parses, its last good value stays, and the syntax problem is returned,
    // keyed by the setting's path ("json.match"). The mapping's own rules are the workspace's.
    [[nodiscard]] QVariantMap applyTo(QJsonObject &mapping) const;

    [[nodiscard]] QString subscribeTemplate() const { return m_subscribe; }
    void setSubscribeTemplate(const QString &text) { set(m_subscribe, text); }
    [[nodiscard]] QString unsubscribeTemplate() const { return m_unsubscribe; }
    void setUnsubscribeTemplate(const QString &text) { set(m_unsubscribe, text); }
    [[nodiscard]] QString matchFilter() const { return m_match; }
    void setMatchFilter(const QString &text) { set(m_match, text); }
    [[nodiscard]] QString keyFields() const { return m_key; }
    void setKeyFields(const QString &text) { set(m_key, text); }
    [[nodiscard]] QString timeField() const { return m_time; }
    void setTimeField(const QString &text) { set(m_time, text); }
    [[nodiscard]] QString valueFields() const { return m_fields; }
    void setValueFields(const QString &text) { set(m_fields, text); }

signals:
    void changed();

private:
    void set(QString &text, const QString &value);

    std::function<void()> m_edited;
    QString m_subscribe, m_unsubscribe, m_match, m_key, m_time, m_fields;
};

} // namespace feeddeck::app::editor
