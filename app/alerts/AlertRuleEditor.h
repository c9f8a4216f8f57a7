#pragma once

#include "app/alerts/AlertRuleDraft.h"

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::editor {
class WorkspaceDocument;
}

namespace feeddeck::app::alerts {

// The form for one alert rule: holds it as typed (AlertRuleDraft), checks it as it changes
// (problems by setting, next to the field), and saves it to the workspace on save().
class AlertRuleEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertRuleEditor is provided by the application")
    Q_PROPERTY(bool active READ isActive NOTIFY openedChanged) // a rule, or a new one, is open
    Q_PROPERTY(bool isNew READ isNew NOTIFY openedChanged)
    Q_PROPERTY(QString originalId READ originalId NOTIFY openedChanged) // "" for a new rule
    Q_PROPERTY(QString ruleId READ ruleId WRITE setRuleId NOTIFY draftChanged)
    Q_PROPERTY(QString feed READ feed WRITE setFeed NOTIFY draftChanged)
    Q_PROPERTY(QString symbol READ symbol WRITE setSymbol NOTIFY draftChanged)
    Q_PROPERTY(QString field READ field WRITE setField NOTIFY draftChanged)
    Q_PROPERTY(QString when READ when WRITE setWhen NOTIFY draftChanged)
    Q_PROPERTY(QString value READ value WRITE setValue NOTIFY draftChanged)
    Q_PROPERTY(QString windowS READ windowS WRITE setWindowS NOTIFY draftChanged)
    Q_PROPERTY(QString cooldownS READ cooldownS WRITE setCooldownS NOTIFY draftChanged)
    Q_PROPERTY(QString severity READ severity WRITE setSeverity NOTIFY draftChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY draftChanged)
    Q_PROPERTY(QString note READ note WRITE setNote NOTIFY draftChanged)
    Q_PROPERTY(bool needsWindow READ needsWindow NOTIFY draftChanged) // move_pct: the window is asked for
    Q_PROPERTY(QString valueLabel READ valueLabel NOTIFY draftChanged) // "Level", "Move (%)", ...
    // What is wrong, by setting ("id", "feed", "value", "window_s", "cooldown_s", ...).
    Q_PROPERTY(QVariantMap problems READ problems NOTIFY checked)
    Q_PROPERTY(bool valid READ isValid NOTIFY checked)
    Q_PROPERTY(QString saveError READ saveError NOTIFY checked)
    // The feeds a rule may watch (the workspace's, and the open rule's own if it names another).
    Q_PROPERTY(QStringList feedChoices READ feedChoices NOTIFY feedChoicesChanged)
    // [{value: "above", text: "is above"}, ...] in the workspace's order.
    Q_PROPERTY(QVariantList whenChoices READ whenChoices CONSTANT)
    Q_PROPERTY(QStringList severityChoices READ severityChoices CONSTANT)

public:
    explicit AlertRuleEditor(editor::WorkspaceDocument &document, QObject *parent = nullptr);

    // A new rule on the first feed (or `feed`), under a free id; not in the workspace until save().
    Q_INVOKABLE void startNew(const QString &feed = {});
    Q_INVOKABLE void edit(const QString &ruleId);
    // Saves the rule to the workspace (and the running feeds); false when it has problems.
    Q_INVOKABLE bool save();
    Q_INVOKABLE void close();

    [[nodiscard]] bool isActive() const noexcept { return m_open; }
    [[nodiscard]] bool isNew() const noexcept { return m_open && m_originalId.isEmpty(); }
    [[nodiscard]] QString originalId() const { return m_originalId; }
    [[nodiscard]] QString ruleId() const { return m_draft.id; }
    void setRuleId(const QString &id) { update(&AlertRuleDraft::id, id); }
    [[nodiscard]] QString feed() const { return m_draft.feed; }
    void setFeed(const QString &feed) { update(&AlertRuleDraft::feed, feed); }
    [[nodiscard]] QString symbol() const { return m_draft.symbol; }
    void setSymbol(const QString &symbol) { update(&AlertRuleDraft::symbol, symbol); }
    [[nodiscard]] QString field() const { return m_draft.field; }
    void setField(const QString &field) { update(&AlertRuleDraft::field, field); }
    [[nodiscard]] QString when() const { return m_draft.when; }
    void setWhen(const QString &when) { update(&AlertRuleDraft::when, when); }
    [[nodiscard]] QString value() const { return m_draft.value; }
    void setValue(const QString &value) { update(&AlertRuleDraft::value, value); }
    [[nodiscard]] QString windowS() const { return m_draft.windowS; }
    void setWindowS(const QString &seconds) { update(&AlertRuleDraft::windowS, seconds); }
    [[nodiscard]] QString cooldownS() const { return m_draft.cooldownS; }
    void setCooldownS(const QString &seconds) { update(&AlertRuleDraft::cooldownS, seconds); }
    [[nodiscard]] QString severity() const { return m_draft.severity; }
    void setSeverity(const QString &severity) { update(&AlertRuleDraft::severity, severity); }
    [[nodiscard]] bool isEnabled() const noexcept { return m_draft.enabled; }
    void setEnabled(bool enabled);
    [[nodiscard]] QString note() const { return m_draft.note; }
    void setNote(const QString &note) { update(&AlertRuleDraft::note, note); }
    [[nodiscard]] bool needsWindow() const;
    [[nodiscard]] QString valueLabel() const;

    [[nodiscard]] QVariantMap problems() const { return m_problems; }
    [[nodiscard]] bool isValid() const { return m_open && m_problems.isEmpty(); }
    [[nodiscard]] QString saveError() const { return m_saveError; }
    [[nodiscard]] QStringList feedChoices() const { return m_feedChoices; }
    [[nodiscard]] QVariantList whenChoices() const;
    [[nodiscard]] QStringList severityChoices() const;

signals:
    void openedChanged();
    void draftChanged();
    void checked();
    void feedChoicesChanged();
    // save() put the rule `ruleId` in the workspace.
    void saved(const QString &ruleId);

private:
    void load(const AlertRuleDraft &draft, const QString &originalId);
    void update(QString AlertRuleDraft::*member, const QString &text);
    void recheck();
    void refreshFeedChoices();
    void onDocumentChanged();

    editor::WorkspaceDocument &m_document;
    bool m_open = false;
    QString m_originalId;
    AlertRuleDraft m_draft;
    bool m_openedEnabled = true; // the switch as it was when opened (the list may flip it meanwhile)
    QVariantMap m_problems;
    QString m_saveError;
    QStringList m_feedChoices;
};

} // namespace feeddeck::app::alerts
