#pragma once

#include "core/codec/FeedCodec.h"
#include "core/workspace/FeedConfig.h"

#include <QString>
#include <QStringList>

#include <memory>

// Picks the codec for a feed by its protocol name. The one place that knows
// which protocols this build supports.
namespace feeddeck::codec {

// The protocol names makeCodec() accepts, e.g. {"coinbase"}.
[[nodiscard]] QStringList knownProtocols();

// A new codec for `feed`, configured from its options and its max_symbol_bytes; nullptr when
// the protocol is unknown or its options are unusable, with the reason in *error (when error
// is not null; the reason does not name the feed, callers add that).
[[nodiscard]] std::unique_ptr<FeedCodec> makeCodec(const workspace::FeedConfig &feed, QString *error);

} // namespace feeddeck::codec
