#include "app/alerts/AlertRules.h"

#include "app/editor/WorkspaceDocument.h"

namespace feeddeck::app::alerts {

AlertRules::AlertRules(editor::WorkspaceDocument &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_editor(document)
{
    m_list.sync(m_document.workspace().alerts);
    connect(&m_document, &editor::WorkspaceDocument::changed, this,
            [this] { m_list.sync(m_document.workspace().alerts); });
}

bool AlertRules::setEnabled(const QString &ruleId, bool enabled)
{
    return m_document.setAlertRuleEnabled(ruleId, enabled);
}

bool AlertRules::remove(const QString &ruleId)
{
    return m_document.removeAlertRule(ruleId);
}

QString AlertRules::duplicate(const QString &ruleId)
{
    const QString copy = m_document.duplicateAlertRule(ruleId);
    if (!copy.isEmpty())
        m_editor.edit(copy);
    return copy;
}

} // namespace feeddeck::app::alerts
