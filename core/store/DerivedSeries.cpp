#include "core/store/DerivedSeries.h"

#include <cmath>
#include <limits>

namespace feeddeck::store {

namespace {

constexpr double kDerivedNaN = std::numeric_limits<double>::quiet_NaN();

// One input history read as a cursor over its contiguous runs (never empty ones: PointRuns
// skips them), with the current run's bounds at hand for the merge's inner loop.
class DerivedHistoryCursor
{
public:
    explicit DerivedHistoryCursor(const PointRuns &points)
    {
        m_runs.reserve(points.runCount());
        points.forEachRun(0, points.size(), [this](std::span<const Point> run, qsizetype) { m_runs.push_back(run); });
        load(0);
    }

    [[nodiscard]] bool atEnd() const noexcept { return m_point == nullptr; }
    [[nodiscard]] const Point &current() const noexcept { return *m_point; }
    void next() noexcept
    {
        if (++m_point == m_runEnd)
            load(m_run + 1);
    }

private:
    void load(std::size_t run) noexcept
    {
        m_run = run;
        m_point = run < m_runs.size() ? m_runs[run].data() : nullptr;
        m_runEnd = run < m_runs.size() ? m_runs[run].data() + m_runs[run].size() : nullptr;
    }

    std::vector<std::span<const Point>> m_runs;
    std::size_t m_run = 0;
    const Point *m_point = nullptr;
    const Point *m_runEnd = nullptr;
};

} // namespace

DerivedSeries::DerivedSeries(Expression expression)
    : m_expression(std::move(expression))
{
    const auto inputs = std::size_t(m_expression.inputs().size());
    m_latest.assign(inputs, kDerivedNaN);
    m_hadValue.assign(inputs, false);
    const std::vector<Expression::Node> &nodes = m_expression.nodes();
    m_scratch.assign(nodes.size(), 0.0);
    m_slot.assign(nodes.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Expression::Node &n = nodes[i];
        if (n.op == Expression::Op::MovingAverage) {
            m_slot[i] = int(m_means.size());
            m_means.emplace_back(n.windowMs);
        } else if (n.op == Expression::Op::RollingMin || n.op == Expression::Op::RollingMax) {
            m_slot[i] = int(m_extremes.size());
            m_extremes.emplace_back(n.op == Expression::Op::RollingMin ? RollingExtreme::Kind::Min
                                                                       : RollingExtreme::Kind::Max,
                                    n.windowMs);
        }
    }
}

std::optional<Point> DerivedSeries::advance(qint64 t, std::span<const InputValue> changes)
{
    if (m_started && t < m_lastT) {
        ++m_outOfOrder;
        return std::nullopt;
    }
    m_started = true;
    m_lastT = t;

    bool gapArrived = false;
    for (const InputValue &c : changes) {
        if (c.input < 0 || c.input >= inputCount())
            continue;
        const auto i = std::size_t(c.input);
        const bool had = std::isfinite(m_latest[i]);
        if (std::isfinite(c.value)) {
            m_latest[i] = c.value;
            m_present += had ? 0 : 1;
            if (!m_hadValue[i]) {
                m_hadValue[i] = true;
                ++m_hadCount;
            }
        } else {
            m_latest[i] = kDerivedNaN;
            m_present -= had ? 1 : 0;
            gapArrived = true;
        }
    }

    if (m_present < inputCount()) {
        if (!gapArrived)
            return std::nullopt;
        interruptWindows(t);
        if (m_hadCount < inputCount() || m_endsInGap)
            return std::nullopt;
        m_endsInGap = true;
        return Point{t, kDerivedNaN};
    }
    const double v = evaluate(t);
    if (!std::isfinite(v))
        return std::nullopt;
    m_endsInGap = false;
    return Point{t, v};
}

double DerivedSeries::evaluate(qint64 t)
{
    using Op = Expression::Op;
    const std::vector<Expression::Node> &nodes = m_expression.nodes();
    double *val = m_scratch.data();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Expression::Node &n = nodes[i];
        switch (n.op) {
        case Op::Number: val[i] = n.number; break;
        case Op::Input: val[i] = m_latest[std::size_t(n.input)]; break;
        case Op::Negate: val[i] = -val[n.lhs]; break;
        case Op::Add: val[i] = val[n.lhs] + val[n.rhs]; break;
        case Op::Subtract: val[i] = val[n.lhs] - val[n.rhs]; break;
        case Op::Multiply: val[i] = val[n.lhs] * val[n.rhs]; break;
        // x / 0 is inf or NaN under IEEE 754: not finite, so no point (see the header).
        case Op::Divide: val[i] = val[n.lhs] / val[n.rhs]; break;
        case Op::Abs: val[i] = std::fabs(val[n.lhs]); break;
        case Op::MovingAverage: val[i] = m_means[std::size_t(m_slot[i])].update(t, val[n.lhs]); break;
        case Op::RollingMin:
        case Op::RollingMax: val[i] = m_extremes[std::size_t(m_slot[i])].update(t, val[n.lhs]); break;
        }
    }
    return nodes.empty() ? kDerivedNaN : val[nodes.size() - 1];
}

void DerivedSeries::interruptWindows(qint64 t)
{
    for (TimeWeightedMean &m : m_means)
        m.interrupt(t);
    for (RollingExtreme &e : m_extremes)
        e.interrupt(t);
}

void DerivedSeries::feedHistories(std::span<const PointRuns> inputs, QList<Point> &out)
{
    if (qsizetype(inputs.size()) != inputCount())
        return;
    std::vector<DerivedHistoryCursor> cursors;
    cursors.reserve(inputs.size());
    for (const PointRuns &runs : inputs)
        cursors.emplace_back(runs);
    // A k-way merge by time (k is the handful of inputs an expression names): each step takes
    // every point at the earliest time left, from every input, as one instant.
    for (;;) {
        bool any = false;
        qint64 t = 0;
        for (const DerivedHistoryCursor &c : cursors)
            if (!c.atEnd() && (!any || c.current().t < t)) {
                t = c.current().t;
                any = true;
            }
        if (!any)
            return;
        m_instant.clear();
        for (std::size_t i = 0; i < cursors.size(); ++i)
            for (DerivedHistoryCursor &c = cursors[i]; !c.atEnd() && c.current().t == t; c.next())
                m_instant.push_back({int(i), c.current().v});
        if (const std::optional<Point> p = advance(t, m_instant))
            out.append(*p);
    }
}

QList<Point> DerivedSeries::compute(const Expression &expression, std::span<const PointRuns> inputs)
{
    DerivedSeries series(expression);
    QList<Point> out;
    series.feedHistories(inputs, out);
    return out;
}

} // namespace feeddeck::store
