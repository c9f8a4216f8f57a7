#include "app/alerts/AlertRuleDraft.h"

#include "app/alerts/AlertText.h"
#include "core/workspace/AlertRulesParser.h"
#include "core/workspace/DerivedSeriesConfig.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace feeddeck::app::alerts {

namespace {

QString draftText(const char *text)
{
    return QCoreApplication::translate("FeedDeck::AlertRuleDraft", text);
}

const QString kDraftIdKey = QStringLiteral("id");
const QString kDraftFeedKey = QStringLiteral("feed");
const QString kDraftSymbolKey = QStringLiteral("symbol");
const QString kDraftFieldKey = QStringLiteral("field");
const QString kDraftValueKey = QStringLiteral("value");
const QString kDraftWindowKey = QStringLiteral("window_s");
const QString kDraftCooldownKey = QStringLiteral("cooldown_s");

bool isDraftRuleId(const QString &id)
{
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'
               || c == u'.' || c == u'-';
    });
}

// Reads one typed number; a problem goes into `problems` under `key`.
std::optional<double> readTypedNumber(const QString &text, const QString &key, const QString &example,
                                      QVariantMap &problems)
{
    if (text.trimmed().isEmpty()) {
        problems.insert(key, draftText("is empty; type %1").arg(example));
        return std::nullopt;
    }
    const std::optional<double> number = typedNumber(text);
    if (!number) {
        problems.insert(key, draftText("“%1” is not a number; type %2").arg(text.trimmed(), example));
        return std::nullopt;
    }
    if (!std::isfinite(*number)) {
        problems.insert(key, draftText("must be a finite number; type %1").arg(example));
        return std::nullopt;
    }
    return number;
}

} // namespace

std::optional<double> typedNumber(const QString &text)
{
    const QString trimmed = text.trimmed();
    bool ok = false;
    double number = QLocale().toDouble(trimmed, &ok);
    if (!ok)
        number = QLocale::c().toDouble(trimmed, &ok);
    if (!ok)
        return std::nullopt;
    return number;
}

AlertRuleDraft draftOf(const alert::AlertRule &rule)
{
    AlertRuleDraft draft;
    draft.id = rule.id;
    draft.feed = rule.feed;
    draft.symbol = rule.symbol;
    draft.field = rule.field;
    draft.when = alert::whenName(rule.when);
    draft.value = ruleNumber(rule.value);
    draft.windowS = rule.when == alert::When::MovePct || rule.windowS != 0 ? ruleNumber(rule.windowS) : QString();
    draft.cooldownS = ruleNumber(rule.cooldownS);
    draft.severity = alert::severityName(rule.severity);
    draft.enabled = rule.enabled;
    draft.note = rule.note;
    draft.extra = rule.extra;
    return draft;
}

AlertRuleCheck checkAlertRule(const AlertRuleDraft &draft, const workspace::Workspace &workspace,
                              const QString &originalId)
{
    AlertRuleCheck check;
    QVariantMap &problems = check.problems;
    alert::AlertRule rule;
    rule.extra = draft.extra;

    rule.id = draft.id.trimmed();
    if (rule.id.isEmpty()) {
        problems.insert(kDraftIdKey, draftText("is empty; give the rule a short unique name such as btc-high"));
    } else if (!isDraftRuleId(rule.id)) {
        problems.insert(kDraftIdKey, draftText("may only contain letters, digits, “_”, “.” and “-”; for example btc-high"));
    } else if (rule.id != originalId) {
        for (const alert::AlertRule &other : workspace.alerts)
            if (other.id == rule.id) {
                problems.insert(kDraftIdKey, draftText("“%1” is the id of another rule; choose another").arg(rule.id));
                break;
            }
    }

    rule.feed = draft.feed;
    if (rule.feed.isEmpty())
        problems.insert(kDraftFeedKey, workspace.feeds.isEmpty()
                                      ? draftText("the workspace has no feeds; add the feed in the Feeds view first")
                                      : draftText("choose the feed the rule watches"));

    rule.symbol = draft.symbol.trimmed();
    if (rule.symbol.isEmpty())
        problems.insert(kDraftSymbolKey, draftText("is empty; type a symbol such as BTC-USD, or * for every symbol"));
    rule.field = draft.field.trimmed();
    if (rule.field.isEmpty())
        problems.insert(kDraftFieldKey, draftText("is empty; name a field such as price, bid or on_hand"));

    rule.when = alert::whenFromName(draft.when).value_or(alert::When::Above);
    rule.severity = alert::severityFromName(draft.severity).value_or(alert::Severity::Warning);
    rule.enabled = draft.enabled;
    rule.note = draft.note;

    const bool move = rule.when == alert::When::MovePct;
    const bool silence = rule.when == alert::When::SilentFor;
    const QString valueExample = silence ? draftText("the seconds of silence, e.g. 30")
                               : move    ? draftText("the move in percent, e.g. 2.5")
                                         : draftText("the level, e.g. %1").arg(ruleNumber(70000));
    if (const auto value = readTypedNumber(draft.value, kDraftValueKey, valueExample, problems)) {
        if ((move || silence) && !(*value > 0))
            problems.insert(kDraftValueKey, draftText("must be more than 0; type %1").arg(valueExample));
        else
            rule.value = *value;
    }
    if (move) {
        const QString example = draftText("the seconds the move is measured over, e.g. 60");
        if (const auto window = readTypedNumber(draft.windowS, kDraftWindowKey, example, problems)) {
            if (!(*window > 0))
                problems.insert(kDraftWindowKey, draftText("must be more than 0 seconds; type %1").arg(example));
            else
                rule.windowS = *window;
        }
    }
    const QString cooldownText = draft.cooldownS.trimmed().isEmpty() ? QStringLiteral("0") : draft.cooldownS;
    const QString cooldownExample = draftText("0 for none, or the seconds the rule stays quiet after firing");
    if (const auto cooldown = readTypedNumber(cooldownText, kDraftCooldownKey, cooldownExample, problems)) {
        if (*cooldown < 0)
            problems.insert(kDraftCooldownKey, draftText("must not be negative; type %1").arg(cooldownExample));
        else
            rule.cooldownS = *cooldown;
    }

    // The workspace file's own rules (the feed is one of the workspace's, the limits), for
    // what is not reported above. The rule is checked alone: its id is checked above.
    const QString prefix = QStringLiteral("alerts[0].");
    QStringList derivedIds;
    for (const workspace::DerivedSeriesConfig &series : workspace.derived)
        derivedIds.append(series.id);
    const QList<alert::AlertRule> read = workspace::parseAlertRules(
        QJsonArray{workspace::toJson(rule)}, workspace.feeds, derivedIds,
        [&problems, &prefix](const QString &path, const QString &message) {
            const QString key = path.startsWith(prefix) ? path.mid(prefix.size()) : path;
            if (!problems.contains(key))
                problems.insert(key, message);
        });
    if (problems.isEmpty() && read.size() == 1)
        check.rule = read.constFirst();
    return check;
}

} // namespace feeddeck::app::alerts
