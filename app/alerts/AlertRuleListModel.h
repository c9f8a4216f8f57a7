#pragma once

#include "core/alert/AlertRule.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::alerts {

// The workspace's alert rules, one row each in file order, as the rules list shows them:
// the condition in words, the cooldown in seconds.
class AlertRuleListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AlertRuleListModel is provided by the application")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        RuleIdRole = Qt::UserRole + 1,
        EnabledRole,
        FeedRole,
        SymbolRole,
        FieldRole,
        ConditionRole, // "price above 70000"
        SeverityRole,  // "info", "warning", "critical"
        CooldownRole,  // "60 s"; "" for none
        NoteRole,
    };
    Q_ENUM(Role)

    explicit AlertRuleListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return int(m_rules.size()); }

    // The rules as they are now. The same rules in the same order only announce the rows that
    // changed; rules added, removed or moved rebuild the list.
    void sync(const QList<alert::AlertRule> &rules);

signals:
    void countChanged();

private:
    QList<alert::AlertRule> m_rules;
};

} // namespace feeddeck::app::alerts
