// libFuzzer target: any bytes as a derived series' expression (the text a user types). The
// parser must refuse with a column inside the text (or just past its end) and a message, or
// give an expression that prints, parses again to the same form, and evaluates over a few
// points (gaps and zeros included) without a crash.
#include "core/store/DerivedSeries.h"
#include "core/store/Expression.h"

#include <cstddef>
#include <cstdint>
#include <limits>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace feeddeck::store;
    static const QStringList bound{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const ExpressionParse parse = Expression::parse(text, bound);
    if (!parse.ok()) {
        if (parse.error.column < 1 || parse.error.column > text.size() + 1 || parse.error.message.isEmpty())
            __builtin_trap();
        return 0;
    }
    const QString printed = parse.expression->toString();
    // The printed form adds parentheses, so it may pass the length or depth limit: only a
    // form that parses again must read the same.
    const ExpressionParse again = Expression::parse(printed, bound);
    if (again.ok() && again.expression->toString() != printed)
        __builtin_trap();

    DerivedSeries series(*parse.expression);
    const double values[] = {1.0, 0.0, -2.5, std::numeric_limits<double>::quiet_NaN(), 1e300, 3.0};
    qint64 t = 0;
    for (double v : values)
        for (int input = 0; input < series.inputCount(); ++input) {
            t += 7;
            (void)series.push(input, Point{t, v});
        }
    return 0;
}
