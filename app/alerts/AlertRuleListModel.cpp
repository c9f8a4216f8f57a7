#include "app/alerts/AlertRuleListModel.h"

#include "app/alerts/AlertText.h"

#include <algorithm>

namespace feeddeck::app::alerts {

namespace {

bool sameRuleIds(const QList<alert::AlertRule> &a, const QList<alert::AlertRule> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(),
                      [](const alert::AlertRule &x, const alert::AlertRule &y) { return x.id == y.id; });
}

} // namespace

AlertRuleListModel::AlertRuleListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int AlertRuleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

QHash<int, QByteArray> AlertRuleListModel::roleNames() const
{
    return {{RuleIdRole, "ruleId"},       {EnabledRole, "ruleEnabled"}, {FeedRole, "feed"},
            {SymbolRole, "symbol"},       {FieldRole, "field"},         {ConditionRole, "condition"},
            {SeverityRole, "severity"},   {CooldownRole, "cooldown"},   {NoteRole, "note"}};
}

QVariant AlertRuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const alert::AlertRule &rule = m_rules.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case RuleIdRole: return rule.id;
    case EnabledRole: return rule.enabled;
    case FeedRole: return rule.feed;
    case SymbolRole: return rule.symbol;
    case FieldRole: return rule.field;
    case ConditionRole: return condition(rule);
    case SeverityRole: return alert::severityName(rule.severity);
    case CooldownRole:
        return rule.cooldownS > 0
                   ? tr("%1 s").arg(ruleNumber(rule.cooldownS))
                   : QString();
    case NoteRole: return rule.note;
    default: return {};
    }
}

void AlertRuleListModel::sync(const QList<alert::AlertRule> &rules)
{
    if (!sameRuleIds(m_rules, rules)) {
        const bool countMoved = rules.size() != m_rules.size();
        beginResetModel();
        m_rules = rules;
        endResetModel();
        if (countMoved)
            emit countChanged();
        return;
    }
    for (int i = 0; i < m_rules.size(); ++i) {
        if (m_rules.at(i) == rules.at(i))
            continue;
        m_rules[i] = rules.at(i);
        emit dataChanged(index(i), index(i));
    }
}

} // namespace feeddeck::app::alerts
