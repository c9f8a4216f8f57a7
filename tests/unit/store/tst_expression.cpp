#include "core/store/Expression.h"

#include <QTest>

using namespace feeddeck::store;

class TstExpression : public QObject
{
    Q_OBJECT

private slots:
    void groupsByPrecedenceAndAssociativity_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("grouped");
        QTest::newRow("product before sum") << "a - b * 2" << "(a - (b * 2))";
        QTest::newRow("left to right") << "a - b - c" << "((a - b) - c)";
        QTest::newRow("division chain") << "a / b / 2" << "((a / b) / 2)";
        QTest::newRow("percent change") << "(a - b) / b * 100" << "(((a - b) / b) * 100)";
        QTest::newRow("parentheses first") << "2 + 3 * (a - 1)" << "(2 + (3 * (a - 1)))";
        QTest::newRow("unary minus binds tightest") << "-a * b" << "((-a) * b)";
        QTest::newRow("unary minus after operator") << "a * -b" << "(a * (-b))";
        QTest::newRow("double minus") << "--a" << "(-(-a))";
        QTest::newRow("minus of a group") << "-(a + b)" << "(-(a + b))";
        QTest::newRow("numbers") << "1.5e3 + .25 - 2E-1" << "((1500 + 0.25) - 0.2)";
        QTest::newRow("whitespace anywhere") << " \ta\t+\nb " << "(a + b)";
        QTest::newRow("no spaces") << "(a-b)/b*100" << "(((a - b) / b) * 100)";
        QTest::newRow("moving average") << "ma(a, 30s)" << "ma(a, 30s)";
        QTest::newRow("functions in a sum") << "min(a - b, 60s) + max(a, 5m)" << "(min((a - b), 1m) + max(a, 5m))";
        QTest::newRow("abs") << "abs(a - b)" << "abs((a - b))";
        QTest::newRow("nested functions") << "ma(abs(a - ma(b, 1h)), 500ms)" << "ma(abs((a - ma(b, 1h))), 500ms)";
        QTest::newRow("identifiers") << "bid_1 + _x2" << "(bid_1 + _x2)";
    }

    void groupsByPrecedenceAndAssociativity()
    {
        QFETCH(QString, text);
        QFETCH(QString, grouped);
        const QStringList bound{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                QStringLiteral("bid_1"), QStringLiteral("_x2")};
        const ExpressionParse parse = Expression::parse(text, bound);
        QVERIFY2(parse.ok(), qPrintable(parse.error.text()));
        QCOMPARE(parse.expression->toString(), grouped);
        QCOMPARE(parse.expression->source(), text);
    }

    void durationsAreWholeMilliseconds_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << "500ms" << qint64(500);
        QTest::newRow("s") << "30s" << qint64(30'000);
        QTest::newRow("m") << "5m" << qint64(300'000);
        QTest::newRow("h") << "1h" << qint64(3'600'000);
        QTest::newRow("fraction of a second") << "1.5s" << qint64(1500);
        QTest::newRow("one millisecond") << "1ms" << qint64(1);
        QTest::newRow("the limit") << "24h" << qint64(86'400'000);
    }

    void durationsAreWholeMilliseconds()
    {
        QFETCH(QString, window);
        QFETCH(qint64, ms);
        for (const char *fn : {"ma", "min", "max"}) {
            const QString text = QStringLiteral("%1(a, %2)").arg(QLatin1String(fn), window);
            const ExpressionParse parse = Expression::parse(text, {QStringLiteral("a")});
            QVERIFY2(parse.ok(), qPrintable(parse.error.text()));
            QCOMPARE(parse.expression->nodes().back().windowMs, ms);
        }
    }

    void functionsBecomeTheirOperations()
    {
        const ExpressionParse parse = Expression::parse(u"ma(a, 1s) + min(a, 2s) + max(a, 3s) + abs(a)",
                                                        {QStringLiteral("a")});
        QVERIFY(parse.ok());
        QList<Expression::Op> ops;
        for (const Expression::Node &n : parse.expression->nodes())
            if (n.op != Expression::Op::Input && n.op != Expression::Op::Add)
                ops.append(n.op);
        const QList<Expression::Op> expected{Expression::Op::MovingAverage, Expression::Op::RollingMin,
                                             Expression::Op::RollingMax, Expression::Op::Abs};
        QCOMPARE(ops, expected);
    }

    void operandsComeBeforeTheirOperation()
    {
        const ExpressionParse parse = Expression::parse(u"(a - b) / b * 100", {QStringLiteral("a"), QStringLiteral("b")});
        QVERIFY(parse.ok());
        const std::vector<Expression::Node> &nodes = parse.expression->nodes();
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            QVERIFY(nodes[i].lhs < int(i));
            QVERIFY(nodes[i].rhs < int(i));
        }
        QCOMPARE(nodes.back().op, Expression::Op::Multiply);
    }

    void inputsAreTheUsedNamesInBoundOrder()
    {
        const QStringList bound{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        const ExpressionParse parse = Expression::parse(u"c - a + c", bound);
        QVERIFY(parse.ok());
        QCOMPARE(parse.expression->inputs(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QList<int> indices;
        for (const Expression::Node &n : parse.expression->nodes())
            if (n.op == Expression::Op::Input)
                indices.append(n.input);
        QCOMPARE(indices, (QList<int>{1, 0, 1}));
        // A constant uses no input at all.
        const ExpressionParse constant = Expression::parse(u"2 * 3", bound);
        QVERIFY(constant.ok());
        QVERIFY(constant.expression->inputs().isEmpty());
    }

    void errorsNameTheColumnAndWhatToDo_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("bound");
        QTest::addColumn<QString>("message");
        const QStringList ab{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("unknown series") << "a + c" << ab << "column 5: unknown series \"c\" (bound: a, b)";
        QTest::newRow("nothing bound") << "a" << QStringList()
                                       << "column 1: unknown series \"a\" (no series are bound)";
        QTest::newRow("empty") << "" << ab << "column 1: the expression is empty; write one such as (a - b) / b * 100";
        QTest::newRow("blank") << "   " << ab
                               << "column 1: the expression is empty; write one such as (a - b) / b * 100";
        QTest::newRow("missing close paren") << "(a - b / 2" << ab
                                             << "column 11: missing \")\" to close the \"(\" at column 1";
        QTest::newRow("missing close paren inside") << "((a - b) / (b * 100)" << ab
                                                    << "column 21: missing \")\" to close the \"(\" at column 1";
        QTest::newRow("close paren without open") << "a)" << ab
                                                  << "column 2: \")\" has no matching \"(\"; remove it or add a \"(\" "
                                                     "before it";
        QTest::newRow("ma without window") << "ma(a)" << ab
                                           << "column 5: ma() needs a window such as 30s, as in ma(a, 30s)";
        QTest::newRow("min without window") << "min(a)" << ab
                                            << "column 6: min() needs a window such as 60s, as in min(a, 60s)";
        QTest::newRow("max ends early") << "max(a" << ab
                                        << "column 6: max() needs a window such as 60s, as in max(a, 60s)";
        QTest::newRow("window without unit") << "ma(a, 30)" << ab
                                             << "column 7: the window of ma() needs a unit, as in 30s (ms, s, m or h)";
        QTest::newRow("window is a series") << "ma(a, b)" << ab
                                            << "column 7: the window of ma() must be a duration such as 30s";
        QTest::newRow("no comma before window") << "ma(a 30s)" << ab
                                                << "column 6: expected \",\" and a window such as 30s in ma()";
        QTest::newRow("call not closed") << "ma(a, 30s" << ab << "column 10: missing \")\" to close ma( at column 1";
        QTest::newRow("third argument") << "ma(a, 30s, 1)" << ab
                                        << "column 10: ma() takes a value and a window, as in ma(a, 30s)";
        QTest::newRow("abs with two arguments") << "abs(a, b)" << ab
                                                << "column 6: abs() takes one argument, as in abs(a - b)";
        QTest::newRow("abs not closed") << "1 + abs(a" << ab << "column 10: missing \")\" to close abs( at column 5";
        QTest::newRow("unknown function") << "foo(a)" << ab
                                          << "column 1: unknown function \"foo\" (functions: ma, min, max, abs)";
        QTest::newRow("function without parentheses") << "a - min" << ab
                                                      << "column 5: \"min\" is a function; call it with parentheses, "
                                                         "as in min(a, 60s)";
        QTest::newRow("duration as a value") << "a + 30s" << ab
                                             << "column 5: 30s is a duration; durations only go as the window of "
                                                "ma(), min() or max(), as in ma(a, 30s)";
        QTest::newRow("unknown unit") << "ma(a, 30x)" << ab
                                      << "column 9: unknown unit \"x\" in 30x; a duration is a number with ms, s, m or "
                                         "h, such as 30s";
        QTest::newRow("empty window") << "ma(a, 0s)" << ab << "column 7: the window 0s is empty; use at least 1ms";
        QTest::newRow("window over the limit") << "min(a, 25h)" << ab
                                               << "column 8: the window 25h is longer than the limit of 24h";
        QTest::newRow("fraction of a millisecond") << "ma(a, 0.5ms)" << ab
                                                   << "column 7: the window 0.5ms is not a whole number of "
                                                      "milliseconds; write it in ms, such as 1500ms";
        QTest::newRow("stray character") << "a $ b" << ab
                                         << "column 3: unexpected character \"$\"; use series names, numbers, + - * /, "
                                            "parentheses and the functions ma, min, max, abs";
        QTest::newRow("two values side by side") << "a b" << ab
                                                 << "column 3: unexpected \"b\" after a complete expression; put an "
                                                    "operator such as + between them";
        QTest::newRow("ends after an operator") << "a -" << ab
                                                << "column 4: the expression ends where a value was expected; add a "
                                                   "number, a series name or \"(\"";
        QTest::newRow("two operators") << "a * / b" << ab
                                       << "column 5: expected a number, a series name or \"(\" but found \"/\"";
        QTest::newRow("empty parentheses") << "()" << ab
                                           << "column 2: expected a number, a series name or \"(\" but found \")\"";
        QTest::newRow("number out of range") << "a * 1e999" << ab << "column 5: the number 1e999 is out of range";
    }

    void errorsNameTheColumnAndWhatToDo()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, bound);
        QFETCH(QString, message);
        const ExpressionParse parse = Expression::parse(text, bound);
        QVERIFY(!parse.ok());
        QCOMPARE(parse.error.text(), message);
        QCOMPARE(QStringLiteral("column %1: ").arg(parse.error.column) + parse.error.message, message);
    }

    void lengthIsLimited()
    {
        const QStringList bound{QStringLiteral("a")};
        const QString atLimit = QStringLiteral("a") + QString(Expression::kMaxLength - 1, u' ');
        QVERIFY(Expression::parse(atLimit, bound).ok());
        const ExpressionParse over = Expression::parse(atLimit + QStringLiteral(" "), bound);
        QVERIFY(!over.ok());
        QCOMPARE(over.error.text(), QStringLiteral("column 1001: the expression is 1001 characters long; the limit is "
                                                   "1000, so shorten it"));
        // A long flat chain is not deep: only the length limits it.
        QString chain = QStringLiteral("a");
        while (chain.size() + 4 <= Expression::kMaxLength)
            chain += QStringLiteral(" + a");
        QVERIFY(Expression::parse(chain, bound).ok());
    }

    void depthIsLimited_data()
    {
        QTest::addColumn<QString>("open");
        QTest::addColumn<QString>("close");
        QTest::newRow("parentheses") << "(" << ")";
        QTest::newRow("minus signs") << "-" << "";
        QTest::newRow("functions") << "abs(" << ")";
    }

    void depthIsLimited()
    {
        QFETCH(QString, open);
        QFETCH(QString, close);
        const QStringList bound{QStringLiteral("a")};
        const QString deepest = open.repeated(Expression::kMaxDepth) + QStringLiteral("a") + close.repeated(Expression::kMaxDepth);
        QVERIFY(Expression::parse(deepest, bound).ok());
        const QString tooDeep = open.repeated(Expression::kMaxDepth + 1) + QStringLiteral("a") + close.repeated(Expression::kMaxDepth + 1);
        const ExpressionParse parse = Expression::parse(tooDeep, bound);
        QVERIFY(!parse.ok());
        QCOMPARE(parse.error.column, int(open.size()) * Expression::kMaxDepth + 1);
        QCOMPARE(parse.error.message, QStringLiteral("the expression nests deeper than 32 levels of parentheses, "
                                                     "functions and minus signs; simplify it"));
    }

    void durationsPrintInTheirLargestExactUnit()
    {
        QCOMPARE(formatDuration(500), QStringLiteral("500ms"));
        QCOMPARE(formatDuration(1500), QStringLiteral("1500ms"));
        QCOMPARE(formatDuration(30'000), QStringLiteral("30s"));
        QCOMPARE(formatDuration(90'000), QStringLiteral("90s"));
        QCOMPARE(formatDuration(120'000), QStringLiteral("2m"));
        QCOMPARE(formatDuration(7'200'000), QStringLiteral("2h"));
    }
};

QTEST_APPLESS_MAIN(TstExpression)
#include "tst_expression.moc"
