#include "core/alert/AlertEngine.h"


#include <algorithm>
#include <cmath>

namespace feeddeck::alert {

namespace {

qint64 alertSecondsToMs(double seconds)
{
    return std::isfinite(seconds) && seconds > 0 ? qint64(std::llround(seconds * 1000.0)) : 0;
}

} // namespace

void AlertEngine::setRules(const QList<AlertRule> &rules, qint64 nowMs)
{
    std::unordered_map<QString, std::unique_ptr<RuleEntry>, TextKeyHash> previous;
    for (std::unique_ptr<RuleEntry> &entry : m_rules)
        previous.try_emplace(entry->rule.id, std::move(entry));
    m_rules.clear();
    m_byFeed.clear();
    m_silent.clear();

    for (const AlertRule &rule : rules) {
        if (!rule.enabled)
            continue;
        std::unique_ptr<RuleEntry> entry;
        if (auto kept = previous.find(rule.id); kept != previous.end() && kept->second && kept->second->rule == rule)
            entry = std::move(kept->second);
        if (!entry) {
            entry = std::make_unique<RuleEntry>();
            entry->rule = rule;
            entry->cooldownMs = alertSecondsToMs(rule.cooldownS);
            entry->windowMs = alertSecondsToMs(rule.windowS);
            entry->silenceMs = alertSecondsToMs(rule.value);
            // A feed that never sent anything since the rules were applied is silent from now.
            entry->one.lastSeenMs = nowMs;
        }
        RuleEntry *r = entry.get();
        FeedRules &feed = m_byFeed[rule.feed];
        if (rule.everySymbol())
            feed.everySymbol.push_back(r);
        else
            feed.bySymbol[rule.symbol].push_back(r);
        if (rule.when == When::SilentFor)
            m_silent.push_back(r);
        m_rules.push_back(std::move(entry));
    }
}

void AlertEngine::evaluate(const QString &feedId, const data::Update &update)
{
    if (m_byFeed.empty() || update.receivedMs == data::kNoTime)
        return;
    const auto feed = m_byFeed.find(feedId);
    if (feed == m_byFeed.end())
        return;
    for (RuleEntry *entry : feed->second.everySymbol)
        evaluateRule(*entry, feedId, update);
    if (feed->second.bySymbol.empty())
        return;
    if (const auto rules = feed->second.bySymbol.find(update.symbol); rules != feed->second.bySymbol.end())
        for (RuleEntry *entry : rules->second)
            evaluateRule(*entry, feedId, update);
}

AlertEngine::SymbolState *AlertEngine::stateFor(RuleEntry &entry, const QString &symbol)
{
    if (!entry.rule.everySymbol() || entry.rule.when == When::SilentFor)
        return &entry.one;
    if (const auto found = entry.perSymbol.find(symbol); found != entry.perSymbol.end())
        return &found->second;
    if (qsizetype(entry.perSymbol.size()) >= m_limits.maxSymbolsPerRule) {
        ++m_untracked;
        return nullptr;
    }
    return &entry.perSymbol[symbol];
}

void AlertEngine::evaluateRule(RuleEntry &entry, const QString &feedId, const data::Update &update)
{
    SymbolState *state = stateFor(entry, update.symbol);
    if (!state)
        return;
    const AlertRule &rule = entry.rule;
    const qint64 t = update.receivedMs;

    if (rule.when == When::SilentFor) {
        state->lastSeenMs = std::max(state->lastSeenMs, t);
        state->silenceFired = false; // re-armed by any update
        return;
    }
    if (rule.when == When::SpreadAbove) {
        if (const data::FieldValue *bid = update.field(data::fields::kBid); bid && std::isfinite(bid->value))
            state->bid = bid->value;
        if (const data::FieldValue *ask = update.field(data::fields::kAsk); ask && std::isfinite(ask->value))
            state->ask = ask->value;
        if (std::isnan(state->bid) || std::isnan(state->ask))
            return;
        const double spread = state->ask - state->bid;
        onCondition(entry, *state, spread > rule.value, feedId, update.symbol, t, spread);
        return;
    }

    const data::FieldValue *field = update.field(rule.field);
    if (!field || !std::isfinite(field->value))
        return;
    const double v = field->value;
    switch (rule.when) {
    case When::Above:
        onCondition(entry, *state, v > rule.value, feedId, update.symbol, t, v);
        break;
    case When::Below:
        onCondition(entry, *state, v < rule.value, feedId, update.symbol, t, v);
        break;
    case When::CrossesUp:
        if (state->hasPrevious && state->previous < rule.value && rule.value <= v)
            fire(entry, *state, feedId, update.symbol, t, v);
        break;
    case When::CrossesDown:
        if (state->hasPrevious && state->previous > rule.value && rule.value >= v)
            fire(entry, *state, feedId, update.symbol, t, v);
        break;
    case When::MovePct: {
        if (!state->window)
            state->window = std::make_unique<MoveWindow>();
        state->window->add(t, v, entry.windowMs);
        const double move = state->window->movePct(v);
        onCondition(entry, *state, move >= rule.value, feedId, update.symbol, t, move);
        break;
    }
    case When::SpreadAbove:
    case When::SilentFor:
        break; // handled above
    }
    state->previous = v;
    state->hasPrevious = true;
}

void AlertEngine::onCondition(RuleEntry &entry, SymbolState &state, bool holds, const QString &feedId,
                              const QString &symbol, qint64 timeMs, double value)
{
    if (holds && !state.active)
        fire(entry, state, feedId, symbol, timeMs, value);
    state.active = holds;
}

void AlertEngine::fire(RuleEntry &entry, SymbolState &state, const QString &feedId, const QString &symbol,
                       qint64 timeMs, double value)
{
    // A condition that comes back within the cooldown stays quiet: edge-triggered rules need a
    // new edge after the cooldown to fire again.
    if (state.lastFiredMs != kNever && timeMs - state.lastFiredMs < entry.cooldownMs)
        return;
    state.lastFiredMs = timeMs;
    if (m_fired.size() >= m_limits.maxPending) {
        ++m_dropped;
        return;
    }
    const AlertRule &rule = entry.rule;
    QString field;
    if (rule.when == When::SpreadAbove)
        field = QStringLiteral("spread");
    else if (rule.when != When::SilentFor)
        field = rule.field;
    m_fired.append(FiredAlert{.timeMs = timeMs,
                              .ruleId = rule.id,
                              .feed = feedId,
                              .symbol = symbol,
                              .field = field,
                              .value = value,
                              .severity = rule.severity,
                              .note = rule.note,
                              .when = rule.when});
}

void AlertEngine::checkSilence(qint64 nowMs)
{
    for (RuleEntry *entry : m_silent) {
        SymbolState &state = entry->one;
        if (state.silenceFired || nowMs - state.lastSeenMs < entry->silenceMs)
            continue;
        state.silenceFired = true; // once per silence, even when the cooldown kept it quiet
        fire(*entry, state, entry->rule.feed, entry->rule.symbol, nowMs, double(nowMs - state.lastSeenMs) / 1000.0);
    }
}

FiredAlerts AlertEngine::takeFired()
{
    FiredAlerts taken{.alerts = std::move(m_fired), .dropped = m_dropped};
    m_fired = {};
    m_dropped = 0;
    return taken;
}

} // namespace feeddeck::alert
