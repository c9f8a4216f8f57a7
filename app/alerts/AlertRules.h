#pragma once

#include "app/alerts/AlertRuleEditor.h"
#include "app/alerts/AlertRuleListModel.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::editor {
class WorkspaceDocument;
}

namespace feeddeck::app::alerts {

// The workspace's alert rules as the Alerts view edits them, handed to QML as one object: the
// list, the form for one rule, and the list's own actions. Every change goes through the
// workspace document (saved at once, taken by the running feeds).
class AlertRules : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertRules is provided by the application")
    Q_PROPERTY(feeddeck::app::alerts::AlertRuleListModel *list READ list CONSTANT)
    Q_PROPERTY(feeddeck::app::alerts::AlertRuleEditor *editor READ editor CONSTANT)

public:
    explicit AlertRules(editor::WorkspaceDocument &document, QObject *parent = nullptr);

    [[nodiscard]] AlertRuleListModel *list() { return &m_list; }
    [[nodiscard]] AlertRuleEditor *editor() { return &m_editor; }

    Q_INVOKABLE bool setEnabled(const QString &ruleId, bool enabled);
    // Removes the rule; the window offers Undo (Ctrl+Z).
    Q_INVOKABLE bool remove(const QString &ruleId);
    // A copy under a free id, opened in the form; returns its id.
    Q_INVOKABLE QString duplicate(const QString &ruleId);

private:
    editor::WorkspaceDocument &m_document;
    AlertRuleListModel m_list;
    AlertRuleEditor m_editor;
};

} // namespace feeddeck::app::alerts
