#include "core/feed/DerivedFeed.h"

#include "core/feed/Logging.h"
#include "core/feed/SeriesQuery.h"
#include "core/store/Expression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace feeddeck::feed {

struct DerivedFeed::Series
{
    workspace::DerivedSeriesConfig config;
    store::DerivedSeries derived;
    std::vector<workspace::DerivedInput> inputs; // per expression input, in its order
};

namespace {

// The series `config` defines, or nothing when its expression does not parse.
std::optional<store::Expression> derivedExpression(const workspace::DerivedSeriesConfig &config,
                                                   const QList<workspace::DerivedInput> &bindings)
{
    QStringList names;
    for (const workspace::DerivedInput &input : bindings)
        names.append(input.name);
    store::ExpressionParse parsed = store::Expression::parse(config.expressionText(), names);
    if (!parsed.ok()) {
        qCWarning(lcFeed).noquote() << "derived series" << config.id << "skipped:" << parsed.error.text();
        return std::nullopt;
    }
    return std::move(*parsed.expression);
}

} // namespace

DerivedFeed::DerivedFeed() = default;
DerivedFeed::~DerivedFeed() = default;

void DerivedFeed::setSeries(const QList<workspace::DerivedSeriesConfig> &series, store::SeriesHistory &history)
{
    std::vector<std::unique_ptr<Series>> next;
    for (const workspace::DerivedSeriesConfig &config : series) {
        const auto same = std::find_if(m_series.begin(), m_series.end(), [&config](const std::unique_ptr<Series> &s) {
            return s && s->config == config;
        });
        if (same != m_series.end()) {
            next.push_back(std::move(*same));
            continue;
        }
        const QList<workspace::DerivedInput> bindings = config.bindings();
        std::optional<store::Expression> expression = derivedExpression(config, bindings);
        if (!expression)
            continue;
        std::vector<workspace::DerivedInput> inputs;
        for (const QString &name : expression->inputs()) {
            for (const workspace::DerivedInput &input : bindings)
                if (input.name == name)
                    inputs.push_back(input);
        }
        auto made = std::make_unique<Series>(Series{config, store::DerivedSeries(std::move(*expression)), inputs});
        // Its past, from what the inputs hold now (read in place, so copied out before writing).
        history.removeSymbol(workspace::kDerivedFeed, config.id);
        std::vector<store::PointRuns> runs;
        for (const workspace::DerivedInput &input : made->inputs)
            runs.push_back(history.runsAround(input.feed, input.symbol, input.field, kFromFirstPoint,
                                              std::numeric_limits<qint64>::max()));
        QList<store::Point> past;
        made->derived.feedHistories(runs, past);
        for (const store::Point &p : std::as_const(past))
            write(*made, p, history, nullptr);
        next.push_back(std::move(made));
    }
    for (const std::unique_ptr<Series> &old : m_series) {
        if (old && std::none_of(next.begin(), next.end(), [&old](const std::unique_ptr<Series> &s) {
                return s->config.id == old->config.id;
            }))
            history.removeSymbol(workspace::kDerivedFeed, old->config.id);
    }
    m_series = std::move(next);
    rebuildReaders();
}

void DerivedFeed::rebuildReaders()
{
    m_readers.clear();
    for (std::size_t s = 0; s < m_series.size(); ++s) {
        const std::vector<workspace::DerivedInput> &inputs = m_series[s]->inputs;
        for (std::size_t i = 0; i < inputs.size(); ++i)
            m_readers[inputs[i].symbol].push_back(
                Reader{.series = int(s), .input = int(i), .feed = inputs[i].feed, .field = inputs[i].field});
    }
}

void DerivedFeed::apply(const QString &feedId, const data::Update &update, store::SeriesHistory &history,
                        QList<data::Update> &out)
{
    const auto readers = m_readers.constFind(update.symbol);
    if (readers == m_readers.cend() || update.receivedMs == data::kNoTime)
        return;
    int current = -1;
    const auto flush = [&] {
        if (current < 0 || m_changes.empty())
            return;
        Series &series = *m_series[std::size_t(current)];
        if (const auto p = series.derived.advance(update.receivedMs, m_changes))
            write(series, *p, history, &out);
        m_changes.clear();
    };
    for (const Reader &reader : *readers) {
        if (reader.feed != feedId)
            continue;
        const data::FieldValue *field = update.field(reader.field);
        if (!field || !std::isfinite(field->value))
            continue;
        if (reader.series != current) {
            flush();
            current = reader.series;
        }
        m_changes.push_back({reader.input, field->value});
    }
    flush();
}

void DerivedFeed::markGap(const QString &feedId, qint64 t, store::SeriesHistory &history)
{
    constexpr double kGap = std::numeric_limits<double>::quiet_NaN();
    for (const std::unique_ptr<Series> &series : m_series) {
        for (std::size_t i = 0; i < series->inputs.size(); ++i) {
            if (series->inputs[i].feed != feedId)
                continue;
            const store::DerivedSeries::InputValue gap{int(i), kGap};
            if (const auto p = series->derived.advance(t, std::span(&gap, 1)))
                write(*series, *p, history, nullptr);
        }
    }
}

void DerivedFeed::write(Series &series, store::Point p, store::SeriesHistory &history, QList<data::Update> *out)
{
    if (store::SeriesHistory::isGap(p)) {
        history.markGap(workspace::kDerivedFeed, series.config.id, p.t);
        return;
    }
    data::Update update;
    update.symbol = series.config.id;
    update.fields.emplace_back(workspace::kDerivedField, p.v);
    update.receivedMs = p.t;
    history.record(workspace::kDerivedFeed, update);
    if (out)
        out->append(std::move(update));
}

} // namespace feeddeck::feed
