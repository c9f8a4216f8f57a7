#pragma once

#include "core/alert/AlertRule.h"
#include "core/workspace/FeedConfig.h"

#include <QJsonObject>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace feeddeck::app::alerts {

// An alert rule being edited, as the form holds it: numbers as typed (a half-typed "70 0"
// stays what it is), kinds and severities by their workspace names, and the keys FeedDeck does
// not know, so an edit keeps them.
struct AlertRuleDraft
{
    QString id {};
    QString feed {};
    QString symbol = alert::kEverySymbol;
    QString field = QStringLiteral("price");
    QString when = QStringLiteral("above");
    QString value {};
    QString windowS {};   // move_pct only
    QString cooldownS = QStringLiteral("0");
    QString severity = QStringLiteral("warning");
    bool enabled = true;
    QString note {};
    QJsonObject extra {};

    friend bool operator==(const AlertRuleDraft &, const AlertRuleDraft &) = default;
};

// The draft of a rule as the workspace has it (numbers in the user's format).
[[nodiscard]] AlertRuleDraft draftOf(const alert::AlertRule &rule);

struct AlertRuleCheck
{
    QVariantMap problems {};              // by setting ("id", "value", "window_s", ...): what is wrong, what to do
    std::optional<alert::AlertRule> rule; // the rule, when there is no problem
};

// Checks `draft` as the rule `originalId` of `workspace` ("" for a new rule): its id is its
// own, its feed one of the workspace's, its numbers numbers in range. The rules of the
// workspace file apply too, so what the form accepts the file accepts.
[[nodiscard]] AlertRuleCheck checkAlertRule(const AlertRuleDraft &draft, const workspace::Workspace &workspace,
                                            const QString &originalId);

// A number as typed: in the user's format or with a "." (a pasted value); nullopt when it is not one.
[[nodiscard]] std::optional<double> typedNumber(const QString &text);

} // namespace feeddeck::app::alerts
