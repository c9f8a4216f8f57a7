#include "core/feed/FeedState.h"

namespace feeddeck::feed {

QString stateName(FeedState state)
{
    switch (state) {
    case FeedState::Disabled:
        return QStringLiteral("disabled");
    case FeedState::Connecting:
        return QStringLiteral("connecting");
    case FeedState::Subscribing:
        return QStringLiteral("subscribing");
    case FeedState::Live:
        return QStringLiteral("live");
    case FeedState::Stale:
        return QStringLiteral("stale");
    case FeedState::Backoff:
        return QStringLiteral("backoff");
    case FeedState::Failed:
        break;
    }
    return QStringLiteral("failed");
}

std::optional<FeedState> stateFromName(const QString &name)
{
    for (FeedState state : {FeedState::Disabled, FeedState::Connecting, FeedState::Subscribing, FeedState::Live,
                            FeedState::Stale, FeedState::Backoff, FeedState::Failed})
        if (stateName(state) == name)
            return state;
    return std::nullopt;
}

} // namespace feeddeck::feed
