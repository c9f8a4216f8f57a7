#pragma once

#include "core/store/Expression.h"
#include "core/store/Point.h"
#include "core/store/PointRuns.h"
#include "core/store/RollingWindow.h"

#include <QList>
#include <QtGlobal>

#include <optional>
#include <span>
#include <vector>

namespace feeddeck::store {

// Computes a derived series from its inputs' points, as a stream: one output point per
// instant at which some input has a point (an as-of join: every input's latest value is
// held until its next point).
//
// The rules, for a consumer to rely on:
// - Instants: all input points at one time are applied together, then the expression is
//   evaluated once (ask and bid of one ticker message move the spread once, never through
//   a half-updated value). Times never go back: an instant older than the last is dropped
//   and counted in outOfOrder(). The same time again continues that instant: its output
//   supersedes the previous one at that time (the windows keep one value per instant).
// - No output until every input has had a value.
// - A gap point (NaN) on an input makes that input valueless until its next point; the
//   output gets one gap point at that time (not repeated while it already ends in a gap),
//   and no points until every input has a value again. Windows keep their older values: a
//   value still inside the window still counts after a reconnect. While any input has no
//   value nothing is evaluated, so no window counts that time (not even one over an input
//   that did have a value): a window weighs only time the derived series could be drawn.
// - A result that is not finite (x / 0, 0 / 0, overflow) gives no point at that instant:
//   it is not a gap (the inputs are fine) and not a value. Inside ma/min/max, a non-finite
//   operand means "no value from here", so the window answers from the values it holds.
//
// Live use feeds instants one at a time (advance(), push()); a new derived series over
// existing history uses feedHistories(), and then continues live from where it stopped. Both
// give identical points for the same data. One thread owns an instance.
class DerivedSeries
{
public:
    // One input's new point value at the instant: NaN (or any non-finite value) is a gap.
    struct InputValue
    {
        int input = 0; // index into expression().inputs()
        double value = 0;
    };

    explicit DerivedSeries(Expression expression);

    // Applies the points of one instant (several may name the same input: the last counts)
    // and returns the output point at t, if there is one. Unknown input indices are ignored.
    [[nodiscard]] std::optional<Point> advance(qint64 t, std::span<const InputValue> changes);
    // One input point as an instant of its own.
    [[nodiscard]] std::optional<Point> push(int input, Point p)
    {
        const InputValue change{input, p.v};
        return advance(p.t, std::span<const InputValue>(&change, 1));
    }

    // Feeds whole input histories, one per expression().inputs() entry in that order, each in
    // time order (SeriesHistory::runsAround() or points()); points at the same time in several
    // inputs form one instant. Appends the outputs to `out`. Does nothing if the number of
    // histories is wrong.
    void feedHistories(std::span<const PointRuns> inputs, QList<Point> &out);
    // A fresh DerivedSeries over the histories: its outputs.
    [[nodiscard]] static QList<Point> compute(const Expression &expression, std::span<const PointRuns> inputs);

    [[nodiscard]] const Expression &expression() const noexcept { return m_expression; }
    [[nodiscard]] int inputCount() const noexcept { return int(m_latest.size()); }
    // Instants dropped because they were older than the last one.
    [[nodiscard]] quint64 outOfOrder() const noexcept { return m_outOfOrder; }

private:
    [[nodiscard]] double evaluate(qint64 t);
    void interruptWindows(qint64 t);

    Expression m_expression;
    std::vector<double> m_latest;    // per input: its held value, NaN while it has none
    std::vector<bool> m_hadValue;    // per input: had a value once
    int m_present = 0;               // inputs holding a value now
    int m_hadCount = 0;              // inputs that had a value once
    std::vector<double> m_scratch;   // per node: its value at the instant being evaluated
    std::vector<int> m_slot;         // per node: its state in m_means or m_extremes
    std::vector<TimeWeightedMean> m_means;
    std::vector<RollingExtreme> m_extremes;
    std::vector<InputValue> m_instant; // feedHistories(): the changes of one instant
    qint64 m_lastT = 0;
    bool m_started = false;   // an instant was applied (m_lastT is meaningful)
    bool m_endsInGap = false; // the last output point was a gap
    quint64 m_outOfOrder = 0;
};

} // namespace feeddeck::store
