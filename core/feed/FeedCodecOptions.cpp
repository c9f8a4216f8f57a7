#include "core/feed/FeedCodecOptions.h"

#include "core/workspace/EnvExpansion.h"

#include <algorithm>

namespace feeddeck::feed {

codec::CodecOptions codecOptions(const workspace::FeedConfig &feed)
{
    return {.protocol = feed.protocol,
            .feedId = feed.id,
            .options = feed.options,
            .mapping = feed.json,
            .maxSymbolBytes = std::size_t(std::max(1, feed.maxSymbolBytes)),
            .resolveCredential = [](const QString &written) {
                workspace::ExpandResult expanded = workspace::expandEnv(written);
                return codec::ResolvedCredential{.value = std::move(expanded.value),
                                                 .missing = std::move(expanded.missing)};
            }};
}

} // namespace feeddeck::feed
