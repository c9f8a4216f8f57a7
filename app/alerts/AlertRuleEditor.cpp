#include "app/alerts/AlertRuleEditor.h"

#include "app/alerts/AlertText.h"
#include "app/editor/WorkspaceDocument.h"
#include "core/workspace/DerivedSeriesConfig.h"

namespace feeddeck::app::alerts {

AlertRuleEditor::AlertRuleEditor(editor::WorkspaceDocument &document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    connect(&m_document, &editor::WorkspaceDocument::changed, this, &AlertRuleEditor::onDocumentChanged);
    refreshFeedChoices();
}

void AlertRuleEditor::startNew(const QString &feed)
{
    AlertRuleDraft draft;
    const QList<workspace::FeedConfig> &feeds = m_document.workspace().feeds;
    draft.feed = !feed.isEmpty() ? feed : feeds.isEmpty() ? QString() : feeds.constFirst().id;
    draft.id = m_document.freeAlertRuleId(draft.feed.isEmpty() ? QStringLiteral("rule") : draft.feed + QStringLiteral("-alert"));
    load(draft, {});
}

void AlertRuleEditor::edit(const QString &ruleId)
{
    const alert::AlertRule *rule = m_document.alertRule(ruleId);
    if (!rule) {
        close();
        return;
    }
    load(draftOf(*rule), ruleId);
}

void AlertRuleEditor::load(const AlertRuleDraft &draft, const QString &originalId)
{
    m_open = true;
    m_originalId = originalId;
    m_draft = draft;
    m_openedEnabled = draft.enabled;
    m_saveError.clear();
    refreshFeedChoices();
    emit openedChanged();
    emit draftChanged();
    recheck();
}

void AlertRuleEditor::close()
{
    if (!m_open)
        return;
    m_open = false;
    m_originalId.clear();
    m_draft = {};
    m_problems.clear();
    m_saveError.clear();
    refreshFeedChoices();
    emit openedChanged();
    emit draftChanged();
    emit checked();
}

bool AlertRuleEditor::save()
{
    if (!m_open)
        return false;
    AlertRuleCheck check = checkAlertRule(m_draft, m_document.workspace(), m_originalId);
    const alert::AlertRule *current = m_originalId.isEmpty() ? nullptr : m_document.alertRule(m_originalId);
    if (check.rule && current && m_draft.enabled == m_openedEnabled)
        check.rule->enabled = current->enabled; // switched in the list while open: that stays
    if (!check.rule) {
        m_problems = check.problems;
        m_saveError = tr("Not saved: fix the settings marked in red first");
        emit checked();
        return false;
    }
    const bool done = m_originalId.isEmpty() ? m_document.addAlertRule(*check.rule)
                                             : m_document.replaceAlertRule(m_originalId, *check.rule);
    if (!done) {
        m_saveError = tr("Not saved: %1").arg(m_document.lastError());
        emit checked();
        return false;
    }
    const QString id = check.rule->id;
    close();
    emit saved(id);
    return true;
}

void AlertRuleEditor::update(QString AlertRuleDraft::*member, const QString &text)
{
    if (!m_open || m_draft.*member == text)
        return;
    m_draft.*member = text;
    emit draftChanged();
    recheck();
}

void AlertRuleEditor::setEnabled(bool enabled)
{
    if (!m_open || m_draft.enabled == enabled)
        return;
    m_draft.enabled = enabled;
    emit draftChanged();
    recheck();
}

bool AlertRuleEditor::needsWindow() const
{
    return alert::whenFromName(m_draft.when) == alert::When::MovePct;
}

QString AlertRuleEditor::valueLabel() const
{
    return alerts::valueLabel(alert::whenFromName(m_draft.when).value_or(alert::When::Above));
}

QVariantList AlertRuleEditor::whenChoices() const
{
    QVariantList choices;
    for (const QString &name : alert::whenNames())
        choices.append(QVariantMap{{QStringLiteral("value"), name},
                                   {QStringLiteral("text"), whenText(*alert::whenFromName(name))}});
    return choices;
}

QStringList AlertRuleEditor::severityChoices() const
{
    return alert::severityNames();
}

void AlertRuleEditor::recheck()
{
    if (!m_open)
        return;
    m_problems = checkAlertRule(m_draft, m_document.workspace(), m_originalId).problems;
    m_saveError.clear();
    emit checked();
}

void AlertRuleEditor::refreshFeedChoices()
{
    QStringList choices;
    for (const workspace::FeedConfig &feed : m_document.workspace().feeds)
        choices.append(feed.id);
    if (!m_document.workspace().derived.isEmpty())
        choices.append(workspace::kDerivedFeed); // the symbol names the derived series
    if (m_open && !m_draft.feed.isEmpty() && !choices.contains(m_draft.feed))
        choices.append(m_draft.feed); // a relayed feed, or one that is gone: shown, and checked
    if (choices == m_feedChoices)
        return;
    m_feedChoices = choices;
    emit feedChoicesChanged();
}

void AlertRuleEditor::onDocumentChanged()
{
    refreshFeedChoices();
    if (!m_open)
        return;
    if (!m_originalId.isEmpty() && !m_document.alertRule(m_originalId)) {
        close(); // removed (or its feed was) while open
        return;
    }
    recheck(); // a feed came or went
}

} // namespace feeddeck::app::alerts
