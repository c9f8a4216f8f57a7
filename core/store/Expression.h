#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace feeddeck::store {

// Why an expression was refused: the 1-based column (in UTF-16 units of the text) where the
// problem is, and a message saying what is wrong and what to write instead.
struct ExpressionError
{
    int column = 0;
    QString message;

    // "column 7: unknown series "c" (bound: a, b)": the form a user sees.
    [[nodiscard]] QString text() const;
};

struct ExpressionParse;

// A derived series' formula over named input series, parsed once and evaluated per input
// point by DerivedSeries. The language:
//   numbers      1, 0.5, .25, 1e3
//   inputs       identifiers (ASCII letters, digits, underscore; not starting with a digit)
//                that the caller binds, e.g. bid, ask, a, b
//   operators    + - * / with the usual precedence, left-associative; unary minus; ( )
//   functions    ma(x, 30s)   time-weighted moving average of x over the window
//                min(x, 60s)  lowest value x held within the window
//                max(x, 60s)  highest value x held within the window
//                abs(x)
//   durations    500ms 30s 5m 1h (whole milliseconds, from 1 ms to 24 h); only as a window
// A value, not a QObject: copies are cheap enough (a few dozen nodes).
class Expression
{
public:
    // Limits that keep a hostile or mistaken text from costing much: the parser recurses
    // once per nesting level, and each window keeps state per input point.
    static constexpr int kMaxLength = 1000;
    static constexpr int kMaxDepth = 32;
    static constexpr qint64 kMaxWindowMs = 24LL * 3600 * 1000;

    enum class Op : quint8 {
        Number,
        Input,
        Negate,
        Add,
        Subtract,
        Multiply,
        Divide,
        Abs,
        MovingAverage,
        RollingMin,
        RollingMax,
    };

    // One operation. Nodes are stored children first (post-order), so evaluating them in
    // index order sees every operand before its operation; the last node is the result.
    struct Node
    {
        Op op = Op::Number;
        int lhs = -1;          // operand node (unary operations and functions use lhs only)
        int rhs = -1;          // second operand of a binary operator
        int input = -1;        // Input: index into inputs()
        double number = 0;     // Number: its value
        qint64 windowMs = 0;   // MovingAverage, RollingMin, RollingMax: the window
    };

    // Parses `text`; `bound` are the names the caller can supply as input series. Never
    // throws: a refused text comes back with its error.
    [[nodiscard]] static ExpressionParse parse(QStringView text, const QStringList &bound);

    [[nodiscard]] const std::vector<Node> &nodes() const noexcept { return m_nodes; }
    // The bound names the expression uses, in the order they were bound. Input nodes index
    // this list; DerivedSeries takes one point stream per entry, in this order.
    [[nodiscard]] const QStringList &inputs() const noexcept { return m_inputs; }
    [[nodiscard]] const QString &source() const noexcept { return m_source; }
    // Fully parenthesised form, e.g. "(((a - b) / b) * 100)": shows how it was grouped.
    [[nodiscard]] QString toString() const;

private:
    friend class ExpressionParser;

    std::vector<Node> m_nodes;
    QStringList m_inputs;
    QString m_source;
};

// The outcome of Expression::parse(): an expression, or the error that refused it.
struct ExpressionParse
{
    std::optional<Expression> expression;
    ExpressionError error;

    [[nodiscard]] bool ok() const noexcept { return expression.has_value(); }
};

// "30s", "500ms", "5m", "1h": the largest unit that divides the window exactly.
[[nodiscard]] QString formatDuration(qint64 ms);

} // namespace feeddeck::store
