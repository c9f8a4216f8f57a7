#pragma once

#include "core/codec/CodecRegistry.h"
#include "core/workspace/FeedConfig.h"

namespace feeddeck::feed {

// What a feed's codec is made from, as the workspace configures it: its protocol, options,
// mapping and max_symbol_bytes, with ${env:NAME} in its credentials filled in from the
// environment when the codec is made.
[[nodiscard]] codec::CodecOptions codecOptions(const workspace::FeedConfig &feed);

} // namespace feeddeck::feed
