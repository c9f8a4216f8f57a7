#include "core/workspace/DerivedSeriesConfig.h"

#include "core/store/DerivedPresets.h"

#include <algorithm>

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

bool DerivedSeriesConfig::readsFeed(const QString &feedId) const
{
    const QList<DerivedInput> all = bindings();
    return std::any_of(all.cbegin(), all.cend(), [&feedId](const DerivedInput &input) {
        return input.feed == feedId
               || (input.feed.size() > feedId.size() && input.feed.startsWith(feedId)
                   && input.feed.at(feedId.size()) == u'/');
    });
}

QString DerivedSeriesConfig::describe() const
{
    if (isPreset())
        return QStringLiteral("%1 of %2 %3").arg(preset, feed, symbol);
    return expression;
}

} // namespace feeddeck::workspace
