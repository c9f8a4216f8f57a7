#pragma once

#include "core/alert/AlertRule.h"
#include "core/alert/FiredAlert.h"
#include "core/alert/MoveWindow.h"
#include "core/data/TextHash.h"
#include "core/data/Update.h"

#include <QList>
#include <QSet>
#include <QString>

#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

namespace feeddeck::alert {

// Evaluates alert rules against the updates a feed applies, and silence rules against the
// clock. Lives on one thread (the network thread) and is called there for every update, so
// an update costs O(rules that match its feed and symbol): rules are indexed by feed, then by
// symbol, with a list per feed for the "*" rules. Everything it holds is bounded: the states
// per rule (one per symbol), each move_pct window, and the fired alerts until taken.
class AlertEngine
{
public:
    struct Limits
    {
        qsizetype maxPending = 1000;          // fired alerts held until taken; more are dropped and counted
        qsizetype maxSymbolsPerFeed = 10000;  // symbols the "*" rules of a feed follow (max_rows by default)
        // States of "*" rules (one per rule and symbol) in all: each holds a few numbers, and a
        // move_pct window up to MoveWindow::kMaxSamples.
        qsizetype maxStates = 1'000'000;
    };

    AlertEngine() = default;
    explicit AlertEngine(Limits limits)
        : m_limits(limits)
    {
    }

    // The rules in effect from now on (`nowMs`: wall clock, the start of every silence). A rule
    // that is the same as before keeps its state, so re-applying a workspace after an
    // unrelated edit does not fire its alerts again. Disabled rules are left out.
    void setRules(const QList<AlertRule> &rules, qint64 nowMs);

    // One update applied for `feedId` (the id the user sees). Its receivedMs is the time of
    // everything it fires; an update without one (data::kNoTime, never the case for updates a
    // codec decoded) is not evaluated.
    void evaluate(const QString &feedId, const data::Update &update);

    // Fires the silence rules whose feed or symbol has sent nothing for their time.
    void checkSilence(qint64 nowMs);

    // A feed the user switched off is quiet on purpose: its silence rules (and those on the
    // feeds behind it, "<feedId>/<origin>") wait, and count again from when it is switched
    // back on. Pausing a paused feed or resuming a running one changes nothing.
    void setFeedPaused(const QString &feedId, bool paused, qint64 nowMs);

    // The alerts fired since the last take, oldest first, and how many did not fit.
    [[nodiscard]] FiredAlerts takeFired();
    [[nodiscard]] bool hasFired() const noexcept { return !m_fired.isEmpty() || m_dropped > 0; }

    [[nodiscard]] qsizetype ruleCount() const noexcept { return qsizetype(m_rules.size()); }
    // Updates of symbols the "*" rules did not follow: the feed's maxSymbolsPerFeed or maxStates was reached.
    [[nodiscard]] quint64 untrackedSymbols() const noexcept { return m_untracked; }

private:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::min();

    struct TextKeyHash
    {
        std::size_t operator()(const QString &text) const noexcept { return data::hashText(text); }
    };
    // Symbols and feed ids are short: a size check and memcmp, no call into QtCore.
    struct TextKeyEqual
    {
        bool operator()(const QString &a, const QString &b) const noexcept
        {
            return a.size() == b.size()
                   && (a.constData() == b.constData()
                       || std::memcmp(a.constData(), b.constData(), std::size_t(a.size()) * sizeof(QChar)) == 0);
        }
    };

    // What one rule remembers about one symbol (or, for a feed-wide silence, the feed).
    struct SymbolState
    {
        bool active = false;          // the condition held at the last value (edge triggering)
        bool hasPrevious = false;     // crosses_*: a value was seen before
        double previous = 0.0;
        double bid = std::numeric_limits<double>::quiet_NaN(); // spread_above: the latest of each,
        double ask = std::numeric_limits<double>::quiet_NaN(); // which may come in different updates
        qint64 lastFiredMs = kNever;  // cooldown
        qint64 lastSeenMs = kNever;   // silent_for_s
        bool silenceFired = false;    // silent_for_s: fired for the current silence
        std::unique_ptr<MoveWindow> window; // move_pct only
    };

    struct RuleEntry
    {
        AlertRule rule;
        qint64 cooldownMs = 0;
        qint64 windowMs = 0;
        qint64 silenceMs = 0;
        SymbolState one; // a rule on one symbol, and a feed-wide silence
    };

    // One symbol of a feed: the rules on exactly it, and its states for the feed's "*" rules.
    struct SymbolRules
    {
        std::vector<RuleEntry *> rules;
        std::vector<SymbolState> everyStates; // parallel to FeedRules::everySymbol, made on first use
    };

    // One lookup of the update's symbol finds everything that applies to it.
    struct FeedRules
    {
        std::unordered_map<QString, SymbolRules, TextKeyHash, TextKeyEqual> symbols;
        std::vector<RuleEntry *> everySymbol; // "*" rules but silence
        std::vector<RuleEntry *> feedSilence; // silent_for_s on the whole feed: any update ends the silence
        qsizetype followed = 0;               // symbols with states for the "*" rules
    };

    void evaluateRule(RuleEntry &entry, SymbolState &state, const QString &feedId, const data::Update &update);
    [[nodiscard]] SymbolRules *symbolRules(FeedRules &feed, const QString &symbol);
    // Fires when the condition has just become true (and the cooldown allows it).
    void onCondition(RuleEntry &entry, SymbolState &state, bool holds, const QString &feedId, const QString &symbol,
                     qint64 timeMs, double value);
    // The rule's feed, or the feed a relayed one ("<feedId>/<origin>") comes through, is paused.
    [[nodiscard]] bool feedPaused(const QString &ruleFeed) const;
    void fire(RuleEntry &entry, SymbolState &state, const QString &feedId, const QString &symbol, qint64 timeMs,
              double value);

    Limits m_limits;
    std::vector<std::unique_ptr<RuleEntry>> m_rules;
    std::unordered_map<QString, FeedRules, TextKeyHash, TextKeyEqual> m_byFeed;
    qsizetype m_states = 0; // SymbolRules::everyStates in all
    std::vector<RuleEntry *> m_silent;
    QSet<QString> m_pausedFeeds;
    QList<FiredAlert> m_fired;
    quint64 m_dropped = 0;
    quint64 m_untracked = 0;
};

} // namespace feeddeck::alert
