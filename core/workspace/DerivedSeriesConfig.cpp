#include "core/workspace/DerivedSeriesConfig.h"

#include "core/store/DerivedPresets.h"

namespace feeddeck::workspace {

QString DerivedSeriesConfig::expressionText() const
{
    if (!isPreset())
        return expression;
    const auto found = store::derivedPreset(preset);
    return found ? found->expression : QString();
}

QList<DerivedInput> DerivedSeriesConfig::bindings() const
{
    if (!isPreset())
        return inputs;
    QList<DerivedInput> bound;
    if (const auto found = store::derivedPreset(preset)) {
        for (const QString &field : found->inputs)
            bound.append(DerivedInput{.name = field, .feed = feed, .symbol = symbol, .field = field, .extra = {}});
    }
    return bound;
}

QString DerivedSeriesConfig::describe() const
{
    if (isPreset())
        return QStringLiteral("%1 of %2 %3").arg(preset, feed, symbol);
    return expression;
}

} // namespace feeddeck::workspace
