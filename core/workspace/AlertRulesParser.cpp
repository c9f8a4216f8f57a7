#include "core/workspace/AlertRulesParser.h"

#include "core/codec/JsonPath.h"
#include "core/workspace/DerivedSeriesConfig.h"
#include "core/workspace/KnownFeeds.h"
#include "core/workspace/SectionReader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>

namespace feeddeck::workspace {

namespace {

const QStringList kAlertRuleKeys = {
    QStringLiteral("id"),       QStringLiteral("feed"),       QStringLiteral("symbol"),
    QStringLiteral("field"),    QStringLiteral("when"),       QStringLiteral("value"),
    QStringLiteral("window_s"), QStringLiteral("cooldown_s"), QStringLiteral("enabled"),
    QStringLiteral("severity"), QStringLiteral("note"),
};

QString alertNumberText(double number)
{
    return QString::fromUtf8(codec::compactJson(number));
}

// Reads the rules of one "alerts" array, reporting problems with absolute paths.
class AlertRulesReader
{
public:
    AlertRulesReader(const QList<FeedConfig> &feeds, const QStringList &derivedIds, const AlertProblemSink &report)
        : m_section({.section = QStringLiteral("alerts"),
                      .things = QStringLiteral("alert rules"),
                      .thing = QStringLiteral("alert rule"),
                      .example = QStringLiteral("[{\"id\": \"btc-high\", \"feed\": \"crypto\", \"symbol\": "
                                                "\"BTC-USD\", \"when\": \"above\", \"value\": 70000}]"),
                      .idExample = QStringLiteral("btc-high")},
                     kMaxAlertRules, report)
        , m_feeds(feeds)
        , m_derivedIds(derivedIds)
    {
    }

    QList<alert::AlertRule> read(const QJsonValue &alerts)
    {
        QList<alert::AlertRule> rules;
        m_section.forEachObject(alerts, [&](const QJsonObject &object, const QString &path) {
            rules.append(readRule(object, path));
        });
        return rules;
    }

private:
    alert::AlertRule readRule(const QJsonObject &object, const QString &path)
    {
        alert::AlertRule rule;
        rule.id = m_section.readId(object.value(QStringLiteral("id")), path + QStringLiteral(".id"));
        readFeed(object.value(QStringLiteral("feed")), path + QStringLiteral(".feed"), rule);
        if (const auto symbol = m_section.readText(object, QStringLiteral("symbol"), path)) {
            if (symbol->isEmpty())
                m_section.report(path + QStringLiteral(".symbol"),
                         QStringLiteral("is empty; write a symbol such as \"BTC-USD\", or \"*\" for every symbol of "
                                        "the feed"));
            else
                rule.symbol = *symbol;
        }
        if (rule.feed == kDerivedFeed && !m_derivedIds.isEmpty() && !rule.everySymbol()
            && !m_derivedIds.contains(rule.symbol))
            m_section.report(path + QStringLiteral(".symbol"),
                     QStringLiteral("%1 is not a derived series of this workspace; use one of: %2, or \"*\" for all")
                         .arg(codec::quotedText(rule.symbol), m_derivedIds.join(QStringLiteral(", "))));
        if (const auto field = m_section.readText(object, QStringLiteral("field"), path)) {
            if (field->isEmpty())
                m_section.report(path + QStringLiteral(".field"),
                         QStringLiteral("is empty; name a field such as \"price\", \"bid\" or \"on_hand\""));
            else
                rule.field = *field;
        }
        const bool knownWhen = readWhen(object.value(QStringLiteral("when")), path + QStringLiteral(".when"), rule);
        readValue(object.value(QStringLiteral("value")), path + QStringLiteral(".value"), knownWhen, rule);
        readWindow(object.value(QStringLiteral("window_s")), path + QStringLiteral(".window_s"), knownWhen, rule);
        const QJsonValue cooldown = object.value(QStringLiteral("cooldown_s"));
        if (const auto seconds = readSeconds(cooldown, path + QStringLiteral(".cooldown_s"), true,
                                             QStringLiteral("use 0 (no cooldown) or the seconds the rule stays quiet "
                                                            "for a symbol after it fired")))
            rule.cooldownS = *seconds;

        if (const QJsonValue enabled = object.value(QStringLiteral("enabled")); !enabled.isUndefined()) {
            if (enabled.isBool())
                rule.enabled = enabled.toBool();
            else
                m_section.report(path + QStringLiteral(".enabled"), QStringLiteral("must be true or false, found %1")
                                                                .arg(codec::jsonTypeName(enabled)));
        }
        if (const auto severity = m_section.readText(object, QStringLiteral("severity"), path)) {
            if (const auto s = alert::severityFromName(*severity))
                rule.severity = *s;
            else
                m_section.report(path + QStringLiteral(".severity"),
                         QStringLiteral("%1 is not a severity; use one of: %2")
                             .arg(codec::quotedText(*severity), alert::severityNames().join(QStringLiteral(", "))));
        }
        if (const auto note = m_section.readText(object, QStringLiteral("note"), path))
            rule.note = *note;

        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!kAlertRuleKeys.contains(it.key()))
                rule.extra.insert(it.key(), it.value());
        }
        return rule;
    }


    void readFeed(const QJsonValue &value, const QString &path, alert::AlertRule &rule)
    {
        if (value.isUndefined()) {
            m_section.report(path, QStringLiteral("missing; name the feed the rule watches, one of: %1").arg(m_feeds.choices()));
            return;
        }
        if (!value.isString()) {
            m_section.report(path, QStringLiteral("must be a string, found %1; use one of: %2")
                               .arg(codec::jsonTypeName(value), m_feeds.choices()));
            return;
        }
        rule.feed = value.toString();
        if (rule.feed == kDerivedFeed && !m_derivedIds.isEmpty())
            return; // its symbol names the derived series (checked in readRule)
        if (!m_feeds.contains(rule.feed))
            m_section.report(path, m_feeds.notAFeed(rule.feed));
    }

    // Whether `when` names a kind of rule (the checks of value and window_s depend on it).
    bool readWhen(const QJsonValue &value, const QString &path, alert::AlertRule &rule)
    {
        const QString choices = alert::whenNames().join(QStringLiteral(", "));
        if (value.isUndefined()) {
            m_section.report(path, QStringLiteral("missing; say when the rule fires, one of: %1").arg(choices));
            return false;
        }
        if (!value.isString()) {
            m_section.report(path, QStringLiteral("must be a string, found %1; use one of: %2")
                               .arg(codec::jsonTypeName(value), choices));
            return false;
        }
        const auto when = alert::whenFromName(value.toString());
        if (!when) {
            m_section.report(path, QStringLiteral("%1 is not a kind of rule; use one of: %2")
                               .arg(codec::quotedText(value.toString()), choices));
            return false;
        }
        rule.when = *when;
        return true;
    }

    void readValue(const QJsonValue &value, const QString &path, bool knownWhen, alert::AlertRule &rule)
    {
        const bool silence = knownWhen && rule.when == alert::When::SilentFor;
        const bool move = knownWhen && rule.when == alert::When::MovePct;
        const QString example = silence ? QStringLiteral("the seconds of silence, e.g. \"value\": 30")
                                : move  ? QStringLiteral("the move in percent, e.g. \"value\": 2.5")
                                        : QStringLiteral("the level, e.g. \"value\": 70000");
        if (value.isUndefined()) {
            m_section.report(path, QStringLiteral("missing; add %1").arg(example));
            return;
        }
        if (!value.isDouble()) {
            m_section.report(path, QStringLiteral("must be a number, found %1; write %2").arg(codec::jsonTypeName(value), example));
            return;
        }
        const double number = value.toDouble();
        if ((silence || move) && !(number > 0)) {
            m_section.report(path, QStringLiteral("must be positive, found %1; write %2").arg(alertNumberText(number), example));
            return;
        }
        if (silence && number > kMaxAlertSeconds) {
            m_section.report(path, QStringLiteral("must be at most %1 seconds (a week), found %2")
                               .arg(alertNumberText(kMaxAlertSeconds), alertNumberText(number)));
            return;
        }
        rule.value = number;
    }

    void readWindow(const QJsonValue &value, const QString &path, bool knownWhen, alert::AlertRule &rule)
    {
        const bool move = knownWhen && rule.when == alert::When::MovePct;
        if (value.isUndefined()) {
            if (move)
                m_section.report(path, QStringLiteral("missing; a move_pct rule needs the window its move is measured over, "
                                              "in seconds, e.g. \"window_s\": 60"));
            return;
        }
        if (const auto seconds = readSeconds(value, path, false, QStringLiteral("use the window in seconds, e.g. 60")))
            rule.windowS = *seconds;
    }

    // A number of seconds in [0, kMaxAlertSeconds] (or (0, ...] when zero is not allowed).
    std::optional<double> readSeconds(const QJsonValue &value, const QString &path, bool zeroAllowed,
                                      const QString &hint)
    {
        if (value.isUndefined())
            return std::nullopt;
        if (!value.isDouble()) {
            m_section.report(path, QStringLiteral("must be a number of seconds, found %1; %2").arg(codec::jsonTypeName(value), hint));
            return std::nullopt;
        }
        const double seconds = value.toDouble();
        if (seconds < 0) {
            m_section.report(path, QStringLiteral("must not be negative, found %1; %2").arg(alertNumberText(seconds), hint));
            return std::nullopt;
        }
        if (!zeroAllowed && seconds == 0) {
            m_section.report(path, QStringLiteral("must be positive, found 0; %1").arg(hint));
            return std::nullopt;
        }
        if (!std::isfinite(seconds) || seconds > kMaxAlertSeconds) {
            m_section.report(path, QStringLiteral("must be at most %1 seconds (a week), found %2; %3")
                               .arg(alertNumberText(kMaxAlertSeconds), alertNumberText(seconds), hint));
            return std::nullopt;
        }
        return seconds;
    }

    SectionReader m_section;
    KnownFeeds m_feeds;
    QStringList m_derivedIds; // a rule on feed "derived" names one of them as its symbol
};

} // namespace

QList<alert::AlertRule> parseAlertRules(const QJsonValue &alerts, const QList<FeedConfig> &feeds,
                                        const QStringList &derivedIds, const AlertProblemSink &report)
{
    return AlertRulesReader(feeds, derivedIds, report).read(alerts);
}

bool isAlertOfFeed(const alert::AlertRule &rule, const QString &feedId)
{
    return namesFeed(rule.feed, feedId);
}

} // namespace feeddeck::workspace
