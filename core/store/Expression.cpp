#include "core/store/Expression.h"

#include <QLocale>

#include <charconv>
#include <cmath>
#include <string>

namespace feeddeck::store {

QString ExpressionError::text() const
{
    return QStringLiteral("column %1: %2").arg(column).arg(message);
}

QString formatDuration(qint64 ms)
{
    if (ms > 0 && ms % 3'600'000 == 0)
        return QStringLiteral("%1h").arg(ms / 3'600'000);
    if (ms > 0 && ms % 60'000 == 0)
        return QStringLiteral("%1m").arg(ms / 60'000);
    if (ms > 0 && ms % 1000 == 0)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QStringLiteral("%1ms").arg(ms);
}

namespace {

bool isExpressionNameStart(QChar c) noexcept
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isExpressionNameChar(QChar c) noexcept
{
    return isExpressionNameStart(c) || (c >= u'0' && c <= u'9');
}

bool isExpressionDigit(QChar c) noexcept
{
    return c >= u'0' && c <= u'9';
}

QString quotedInExpressionMessage(QStringView text)
{
    return QStringLiteral("\"%1\"").arg(text.toString());
}

} // namespace

// Recursive descent over the tokens of one text. Each parse function returns false once an
// error is recorded; the first error is the one reported.
class ExpressionParser
{
    // A token nested here, not file-local: a member of a named class may not have a type
    // from an anonymous namespace (GCC's -Wsubobject-linkage in unity builds).
    struct ExpressionToken
    {
        enum class Kind { Number, Duration, Name, Plus, Minus, Star, Slash, LParen, RParen, Comma, End };
        Kind kind = Kind::End;
        int column = 0; // 1-based
        QStringView text;
        double number = 0;
        qint64 ms = 0;
    };

public:
    ExpressionParser(QStringView text, const QStringList &bound)
        : m_text(text)
        , m_bound(bound)
    {
    }

    ExpressionParse run()
    {
        ExpressionParse result;
        if (m_text.size() > Expression::kMaxLength) {
            fail(Expression::kMaxLength + 1,
                 QStringLiteral("the expression is %1 characters long; the limit is %2, so shorten it")
                     .arg(m_text.size())
                     .arg(Expression::kMaxLength));
        } else if (lex()) {
            if (m_tokens.front().kind == ExpressionToken::Kind::End) {
                fail(1, QStringLiteral("the expression is empty; write one such as (a - b) / b * 100"));
            } else if (parseSum(0)) {
                const ExpressionToken &t = current();
                if (t.kind == ExpressionToken::Kind::RParen)
                    fail(t.column, QStringLiteral("\")\" has no matching \"(\"; remove it or add a \"(\" before it"));
                else if (t.kind != ExpressionToken::Kind::End)
                    fail(t.column, QStringLiteral("unexpected %1 after a complete expression; put an operator "
                                                  "such as + between them")
                                       .arg(quotedInExpressionMessage(t.text)));
            }
        }
        if (m_failed) {
            result.error = m_error;
            return result;
        }
        result.expression = finish();
        return result;
    }

private:
    using Kind = ExpressionToken::Kind;
    using Op = Expression::Op;

    void fail(int column, const QString &message)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_error = ExpressionError{column, message};
    }

    // --- lexer --------------------------------------------------------------------------

    bool lex()
    {
        qsizetype i = 0;
        const qsizetype n = m_text.size();
        while (i < n) {
            const QChar c = m_text[i];
            const int column = int(i) + 1;
            if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
                ++i;
                continue;
            }
            if (isExpressionDigit(c) || (c == u'.' && i + 1 < n && isExpressionDigit(m_text[i + 1]))) {
                if (!lexNumber(i))
                    return false;
                continue;
            }
            if (isExpressionNameStart(c)) {
                const qsizetype start = i;
                while (i < n && isExpressionNameChar(m_text[i]))
                    ++i;
                m_tokens.push_back({Kind::Name, column, m_text.mid(start, i - start)});
                continue;
            }
            Kind kind = Kind::End;
            switch (c.unicode()) {
            case u'+': kind = Kind::Plus; break;
            case u'-': kind = Kind::Minus; break;
            case u'*': kind = Kind::Star; break;
            case u'/': kind = Kind::Slash; break;
            case u'(': kind = Kind::LParen; break;
            case u')': kind = Kind::RParen; break;
            case u',': kind = Kind::Comma; break;
            default:
                fail(column, QStringLiteral("unexpected character %1; use series names, numbers, + - * /, "
                                            "parentheses and the functions ma, min, max, abs")
                                 .arg(quotedInExpressionMessage(m_text.mid(i, c.isHighSurrogate() ? 2 : 1))));
                return false;
            }
            m_tokens.push_back({kind, column, m_text.mid(i, 1)});
            ++i;
        }
        m_tokens.push_back({Kind::End, int(n) + 1, QStringView()});
        return true;
    }

    // A number, or a duration when a unit follows it without a space ("30s").
    bool lexNumber(qsizetype &i)
    {
        const qsizetype n = m_text.size();
        const qsizetype start = i;
        const int column = int(start) + 1;
        while (i < n && isExpressionDigit(m_text[i]))
            ++i;
        if (i < n && m_text[i] == u'.') {
            ++i;
            while (i < n && isExpressionDigit(m_text[i]))
                ++i;
        }
        // An exponent only when digits follow: "1e3" is a number, "1e" a bad unit.
        if (i < n && (m_text[i] == u'e' || m_text[i] == u'E')) {
            qsizetype j = i + 1;
            if (j < n && (m_text[j] == u'+' || m_text[j] == u'-'))
                ++j;
            if (j < n && isExpressionDigit(m_text[j])) {
                i = j;
                while (i < n && isExpressionDigit(m_text[i]))
                    ++i;
            }
        }
        const QStringView digits = m_text.mid(start, i - start);
        const std::string latin = digits.toLatin1().toStdString(); // ASCII digits only: exact
        double value = 0;
        const auto [end, ec] = std::from_chars(latin.data(), latin.data() + latin.size(), value);
        if (ec != std::errc() || end != latin.data() + latin.size() || !std::isfinite(value)) {
            fail(column, QStringLiteral("the number %1 is out of range").arg(digits.toString()));
            return false;
        }
        if (i >= n || !isExpressionNameChar(m_text[i])) {
            m_tokens.push_back({Kind::Number, column, digits, value});
            return true;
        }
        const qsizetype unitStart = i;
        while (i < n && isExpressionNameChar(m_text[i]))
            ++i;
        const QStringView unit = m_text.mid(unitStart, i - unitStart);
        const QStringView whole = m_text.mid(start, i - start);
        double factor = 0;
        if (unit == u"ms")
            factor = 1;
        else if (unit == u"s")
            factor = 1000;
        else if (unit == u"m")
            factor = 60'000;
        else if (unit == u"h")
            factor = 3'600'000;
        if (factor == 0) {
            fail(int(unitStart) + 1, QStringLiteral("unknown unit %1 in %2; a duration is a number with ms, s, m "
                                                   "or h, such as 30s")
                                         .arg(quotedInExpressionMessage(unit), whole.toString()));
            return false;
        }
        const double ms = value * factor;
        if (ms != std::floor(ms)) {
            fail(column, QStringLiteral("the window %1 is not a whole number of milliseconds; write it in ms, "
                                        "such as 1500ms")
                             .arg(whole.toString()));
            return false;
        }
        if (ms < 1) {
            fail(column, QStringLiteral("the window %1 is empty; use at least 1ms").arg(whole.toString()));
            return false;
        }
        if (ms > double(Expression::kMaxWindowMs)) {
            fail(column, QStringLiteral("the window %1 is longer than the limit of %2")
                             .arg(whole.toString(), formatDuration(Expression::kMaxWindowMs)));
            return false;
        }
        ExpressionToken token{Kind::Duration, column, whole, value};
        token.ms = qint64(ms);
        m_tokens.push_back(token);
        return true;
    }

    // --- grammar ------------------------------------------------------------------------
    //   sum     := product (("+" | "-") product)*
    //   product := unary (("*" | "/") unary)*
    //   unary   := "-" unary | primary
    //   primary := number | name | name "(" arguments ")" | "(" sum ")"

    const ExpressionToken &current() const { return m_tokens[m_pos]; }
    const ExpressionToken &advance() { return m_tokens[m_pos++]; }

    int addNode(Expression::Node node)
    {
        m_nodes.push_back(node);
        return int(m_nodes.size()) - 1;
    }

    // Each "(", function call and unary minus is one level of the parser's recursion.
    bool enter(int depth, int column)
    {
        if (depth < Expression::kMaxDepth)
            return true;
        fail(column, QStringLiteral("the expression nests deeper than %1 levels of parentheses, functions and "
                                    "minus signs; simplify it")
                         .arg(Expression::kMaxDepth));
        return false;
    }

    bool parseSum(int depth)
    {
        if (!parseProduct(depth))
            return false;
        while (current().kind == Kind::Plus || current().kind == Kind::Minus) {
            const Op op = advance().kind == Kind::Plus ? Op::Add : Op::Subtract;
            const int lhs = int(m_nodes.size()) - 1;
            if (!parseProduct(depth))
                return false;
            addNode({.op = op, .lhs = lhs, .rhs = int(m_nodes.size()) - 1});
        }
        return true;
    }

    bool parseProduct(int depth)
    {
        if (!parseUnary(depth))
            return false;
        while (current().kind == Kind::Star || current().kind == Kind::Slash) {
            const Op op = advance().kind == Kind::Star ? Op::Multiply : Op::Divide;
            const int lhs = int(m_nodes.size()) - 1;
            if (!parseUnary(depth))
                return false;
            addNode({.op = op, .lhs = lhs, .rhs = int(m_nodes.size()) - 1});
        }
        return true;
    }

    bool parseUnary(int depth)
    {
        if (current().kind != Kind::Minus)
            return parsePrimary(depth);
        const ExpressionToken &minus = advance();
        if (!enter(depth, minus.column) || !parseUnary(depth + 1))
            return false;
        addNode({.op = Op::Negate, .lhs = int(m_nodes.size()) - 1});
        return true;
    }

    bool parsePrimary(int depth)
    {
        const ExpressionToken &t = current();
        switch (t.kind) {
        case Kind::Number:
            advance();
            addNode({.op = Op::Number, .number = t.number});
            return true;
        case Kind::Name:
            if (m_tokens[m_pos + 1].kind == Kind::LParen)
                return parseCall(depth);
            return parseInput();
        case Kind::LParen: {
            const ExpressionToken &open = advance();
            if (!enter(depth, open.column) || !parseSum(depth + 1))
                return false;
            if (current().kind != Kind::RParen) {
                fail(current().column, QStringLiteral("missing \")\" to close the \"(\" at column %1").arg(open.column));
                return false;
            }
            advance();
            return true;
        }
        case Kind::Duration:
            fail(t.column, QStringLiteral("%1 is a duration; durations only go as the window of ma(), min() or "
                                          "max(), as in ma(a, %1)")
                               .arg(t.text.toString()));
            return false;
        case Kind::End:
            fail(t.column, QStringLiteral("the expression ends where a value was expected; add a number, a "
                                          "series name or \"(\""));
            return false;
        default:
            fail(t.column, QStringLiteral("expected a number, a series name or \"(\" but found %1")
                               .arg(quotedInExpressionMessage(t.text)));
            return false;
        }
    }

    bool parseInput()
    {
        const ExpressionToken &t = advance();
        const qsizetype index = m_bound.indexOf(t.text);
        if (index < 0 && callExample(t.text)) {
            fail(t.column, QStringLiteral("%1 is a function; call it with parentheses, as in %2")
                               .arg(quotedInExpressionMessage(t.text), callExample(t.text)));
            return false;
        }
        if (index < 0) {
            const QString bound = m_bound.isEmpty() ? QStringLiteral("no series are bound")
                                                    : QStringLiteral("bound: ") + m_bound.join(QStringLiteral(", "));
            fail(t.column, QStringLiteral("unknown series %1 (%2)").arg(quotedInExpressionMessage(t.text), bound));
            return false;
        }
        addNode({.op = Op::Input, .input = int(index)}); // a bound index until finish()
        return true;
    }

    // How a function is called, for messages; null for a name that is no function.
    static const char *callExample(QStringView name)
    {
        if (name == u"ma")
            return "ma(a, 30s)";
        if (name == u"min")
            return "min(a, 60s)";
        if (name == u"max")
            return "max(a, 60s)";
        if (name == u"abs")
            return "abs(a - b)";
        return nullptr;
    }

    bool parseCall(int depth)
    {
        const ExpressionToken &name = advance();
        Op op = Op::Abs;
        if (name.text == u"abs")
            op = Op::Abs;
        else if (name.text == u"ma")
            op = Op::MovingAverage;
        else if (name.text == u"min")
            op = Op::RollingMin;
        else if (name.text == u"max")
            op = Op::RollingMax;
        else {
            fail(name.column, QStringLiteral("unknown function %1 (functions: ma, min, max, abs)")
                                  .arg(quotedInExpressionMessage(name.text)));
            return false;
        }
        const QString call = name.text.toString() + QStringLiteral("()");
        advance(); // "("
        if (!enter(depth, name.column) || !parseSum(depth + 1))
            return false;
        const int operand = int(m_nodes.size()) - 1;
        if (op == Op::Abs) {
            if (current().kind == Kind::Comma) {
                fail(current().column, QStringLiteral("abs() takes one argument, as in abs(a - b)"));
                return false;
            }
            if (!closeCall(name))
                return false;
            addNode({.op = op, .lhs = operand});
            return true;
        }
        const QString example = name.text == u"ma" ? QStringLiteral("30s") : QStringLiteral("60s");
        if (current().kind != Kind::Comma) {
            if (current().kind == Kind::RParen || current().kind == Kind::End)
                fail(current().column, QStringLiteral("%1 needs a window such as %2, as in %3(a, %2)")
                                           .arg(call, example, name.text.toString()));
            else
                fail(current().column, QStringLiteral("expected \",\" and a window such as %1 in %2")
                                           .arg(example, call));
            return false;
        }
        advance(); // ","
        const ExpressionToken &window = current();
        if (window.kind != Kind::Duration) {
            if (window.kind == Kind::Number)
                fail(window.column, QStringLiteral("the window of %1 needs a unit, as in %2s (ms, s, m or h)")
                                        .arg(call, window.text.toString()));
            else
                fail(window.column, QStringLiteral("the window of %1 must be a duration such as %2")
                                        .arg(call, example));
            return false;
        }
        advance();
        if (current().kind == Kind::Comma) {
            fail(current().column, QStringLiteral("%1 takes a value and a window, as in %2(a, %3)")
                                       .arg(call, name.text.toString(), example));
            return false;
        }
        if (!closeCall(name))
            return false;
        addNode({.op = op, .lhs = operand, .windowMs = window.ms});
        return true;
    }

    bool closeCall(const ExpressionToken &name)
    {
        if (current().kind != Kind::RParen) {
            fail(current().column, QStringLiteral("missing \")\" to close %1( at column %2")
                                       .arg(name.text.toString())
                                       .arg(name.column));
            return false;
        }
        advance();
        return true;
    }

    // The inputs the expression uses, in bound order; Input nodes renumbered to match.
    Expression finish()
    {
        std::vector<int> position(std::size_t(m_bound.size()), -1);
        for (const Expression::Node &node : m_nodes)
            if (node.op == Op::Input)
                position[std::size_t(node.input)] = 0;
        Expression e;
        for (qsizetype i = 0; i < m_bound.size(); ++i)
            if (position[std::size_t(i)] == 0) {
                position[std::size_t(i)] = int(e.m_inputs.size());
                e.m_inputs.append(m_bound.at(i));
            }
        for (Expression::Node &node : m_nodes)
            if (node.op == Op::Input)
                node.input = position[std::size_t(node.input)];
        e.m_nodes = std::move(m_nodes);
        e.m_source = m_text.toString();
        return e;
    }

    QStringView m_text;
    const QStringList &m_bound;
    std::vector<ExpressionToken> m_tokens;
    std::size_t m_pos = 0;
    std::vector<Expression::Node> m_nodes;
    bool m_failed = false;
    ExpressionError m_error;
};

ExpressionParse Expression::parse(QStringView text, const QStringList &bound)
{
    return ExpressionParser(text, bound).run();
}

namespace {

QString expressionNodeText(const std::vector<Expression::Node> &nodes, const QStringList &inputs, int i)
{
    using Op = Expression::Op;
    const Expression::Node &n = nodes[std::size_t(i)];
    const auto lhs = [&] { return expressionNodeText(nodes, inputs, n.lhs); };
    const auto binary = [&](const char *op) {
        return QStringLiteral("(%1 %2 %3)").arg(lhs(), QLatin1String(op), expressionNodeText(nodes, inputs, n.rhs));
    };
    switch (n.op) {
    case Op::Number: return QString::number(n.number, 'g', QLocale::FloatingPointShortest);
    case Op::Input: return inputs.at(n.input);
    case Op::Negate: return QStringLiteral("(-%1)").arg(lhs());
    case Op::Add: return binary("+");
    case Op::Subtract: return binary("-");
    case Op::Multiply: return binary("*");
    case Op::Divide: return binary("/");
    case Op::Abs: return QStringLiteral("abs(%1)").arg(lhs());
    case Op::MovingAverage: return QStringLiteral("ma(%1, %2)").arg(lhs(), formatDuration(n.windowMs));
    case Op::RollingMin: return QStringLiteral("min(%1, %2)").arg(lhs(), formatDuration(n.windowMs));
    case Op::RollingMax: return QStringLiteral("max(%1, %2)").arg(lhs(), formatDuration(n.windowMs));
    }
    return QString();
}

} // namespace

QString Expression::toString() const
{
    if (m_nodes.empty())
        return QString();
    return expressionNodeText(m_nodes, m_inputs, int(m_nodes.size()) - 1);
}

} // namespace feeddeck::store
