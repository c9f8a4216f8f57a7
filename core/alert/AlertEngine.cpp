#include "core/alert/AlertEngine.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace feeddeck::alert {

namespace {

qint64 alertSecondsToMs(double seconds)
{
    return std::isfinite(seconds) && seconds > 0 ? qint64(std::llround(seconds * 1000.0)) : 0;
}

} // namespace

void AlertEngine::setRules(const QList<AlertRule> &rules, qint64 nowMs)
{
    // The entries of the old rules stay alive to the end: a kept entry is recognised by its
    // address, which no new entry can take meanwhile.
    std::vector<std::unique_ptr<RuleEntry>> retired = std::exchange(m_rules, {});
    std::unordered_map<QString, std::unique_ptr<RuleEntry> *, TextKeyHash, TextKeyEqual> previous;
    for (std::unique_ptr<RuleEntry> &entry : retired)
        previous.try_emplace(entry->rule.id, &entry);
    std::unordered_map<QString, FeedRules, TextKeyHash, TextKeyEqual> previousFeeds = std::exchange(m_byFeed, {});
    m_silent.clear();
    m_states = 0;

    for (const AlertRule &rule : rules) {
        if (!rule.enabled)
            continue;
        std::unique_ptr<RuleEntry> entry;
        if (auto kept = previous.find(rule.id); kept != previous.end() && *kept->second && (*kept->second)->rule == rule)
            entry = std::move(*kept->second);
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
        if (!rule.everySymbol())
            feed.symbols[rule.symbol].rules.push_back(r);
        else if (rule.when == When::SilentFor)
            feed.feedSilence.push_back(r);
        else
            feed.everySymbol.push_back(r);
        if (rule.when == When::SilentFor)
            m_silent.push_back(r);
        m_rules.push_back(std::move(entry));
    }

    // A feed whose "*" rules are all kept keeps their states for every symbol.
    for (auto &[feedId, feed] : m_byFeed) {
        const auto old = previousFeeds.find(feedId);
        if (feed.everySymbol.empty() || old == previousFeeds.end() || old->second.everySymbol != feed.everySymbol)
            continue;
        for (auto &[symbol, oldRules] : old->second.symbols) {
            if (oldRules.everyStates.empty())
                continue;
            m_states += qsizetype(oldRules.everyStates.size());
            ++feed.followed;
            feed.symbols[symbol].everyStates = std::move(oldRules.everyStates);
        }
    }
}

void AlertEngine::evaluate(const QString &feedId, const data::Update &update)
{
    if (m_byFeed.empty() || update.receivedMs == data::kNoTime)
        return;
    const auto found = m_byFeed.find(feedId);
    if (found == m_byFeed.end())
        return;
    FeedRules &feed = found->second;
    for (RuleEntry *entry : feed.feedSilence)
        evaluateRule(*entry, entry->one, feedId, update);
    SymbolRules *symbol = symbolRules(feed, update.symbol);
    if (!symbol)
        return;
    for (std::size_t i = 0; i < symbol->everyStates.size(); ++i)
        evaluateRule(*feed.everySymbol[i], symbol->everyStates[i], feedId, update);
    for (RuleEntry *entry : symbol->rules)
        evaluateRule(*entry, entry->one, feedId, update);
}

AlertEngine::SymbolRules *AlertEngine::symbolRules(FeedRules &feed, const QString &symbol)
{
    auto found = feed.symbols.find(symbol);
    if (found == feed.symbols.end()) {
        if (feed.everySymbol.empty())
            return nullptr; // no rule applies to it
        found = feed.symbols.try_emplace(symbol).first;
    }
    SymbolRules &rules = found->second;
    if (rules.everyStates.size() == feed.everySymbol.size())
        return &rules;
    // First seen by the "*" rules: bounded, per feed and in all.
    const qsizetype needed = qsizetype(feed.everySymbol.size());
    const bool full = feed.followed >= m_limits.maxSymbolsPerFeed || m_states + needed > m_limits.maxStates;
    if (full) {
        ++m_untracked;
        if (rules.rules.empty()) {
            feed.symbols.erase(found);
            return nullptr;
        }
        return &rules; // its own rules still apply
    }
    rules.everyStates.resize(feed.everySymbol.size());
    m_states += needed;
    ++feed.followed;
    return &rules;
}

void AlertEngine::evaluateRule(RuleEntry &entry, SymbolState &stateRef, const QString &feedId,
                               const data::Update &update)
{
    SymbolState *state = &stateRef;
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
        if (state.silenceFired || nowMs - state.lastSeenMs < entry->silenceMs || feedPaused(entry->rule.feed))
            continue;
        state.silenceFired = true; // once per silence, even when the cooldown kept it quiet
        fire(*entry, state, entry->rule.feed, entry->rule.symbol, nowMs, double(nowMs - state.lastSeenMs) / 1000.0);
    }
}

void AlertEngine::setFeedPaused(const QString &feedId, bool paused, qint64 nowMs)
{
    if (paused) {
        m_pausedFeeds.insert(feedId);
        return;
    }
    if (!m_pausedFeeds.remove(feedId))
        return;
    for (RuleEntry *entry : m_silent) {
        const QString &feed = entry->rule.feed;
        if (feed == feedId || (feed.startsWith(feedId) && feed.size() > feedId.size() && feed.at(feedId.size()) == u'/')) {
            entry->one.lastSeenMs = nowMs; // a new silence starts now
            entry->one.silenceFired = false;
        }
    }
}

bool AlertEngine::feedPaused(const QString &ruleFeed) const
{
    if (m_pausedFeeds.isEmpty())
        return false;
    const qsizetype slash = ruleFeed.indexOf(u'/');
    return m_pausedFeeds.contains(ruleFeed) || (slash > 0 && m_pausedFeeds.contains(ruleFeed.left(slash)));
}

FiredAlerts AlertEngine::takeFired()
{
    FiredAlerts taken{.alerts = std::move(m_fired), .dropped = m_dropped};
    m_fired = {};
    m_dropped = 0;
    return taken;
}

} // namespace feeddeck::alert
