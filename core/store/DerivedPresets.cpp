#include "core/store/DerivedPresets.h"

#include "core/data/Update.h"

namespace feeddeck::store {

QList<DerivedPreset> derivedPresets()
{
    const QStringList quote{data::fields::kBid, data::fields::kAsk};
    return {
        DerivedPreset{QStringLiteral("mid"), QStringLiteral("(bid + ask) / 2"), quote,
                      QStringLiteral("Midpoint of the best bid and ask")},
        DerivedPreset{QStringLiteral("spread"), QStringLiteral("ask - bid"), quote,
                      QStringLiteral("Best ask minus best bid")},
    };
}

std::optional<DerivedPreset> derivedPreset(QStringView name)
{
    for (const DerivedPreset &p : derivedPresets())
        if (p.name == name)
            return p;
    return std::nullopt;
}

} // namespace feeddeck::store
