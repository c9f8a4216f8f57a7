#pragma once

#include "core/codec/FeedCodec.h"
#include "core/codec/ProtocolDescription.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <functional>
#include <memory>

// Picks the codec for a feed by its protocol name. The one place that knows
// which protocols this build supports.
namespace feeddeck::codec {

// A credential option with its references to values kept outside the workspace filled in.
struct ResolvedCredential
{
    QString value;
    QStringList missing; // the names of references that could not be filled in, in order
};

// What a codec is made from: its protocol and the settings that protocol reads. The feed
// engine fills it from a feed's configuration.
struct CodecOptions
{
    QString protocol;     // "coinbase", "binance", "json", "nats"
    QString feedId;       // a NATS client introduces itself as "feeddeck <id>"
    QJsonObject options;  // the protocol's options, e.g. {"channels": ["ticker", "heartbeat"]}
    QJsonObject mapping;  // protocol "json": the field mapping
    std::size_t maxSymbolBytes = kDefaultMaxSymbolBytes;
    // Fills in ${env:NAME} in a credential (options.user, password, token of a nats feed);
    // without it a credential is used as written.
    std::function<ResolvedCredential(const QString &written)> resolveCredential {};
};

// The protocols makeCodec() accepts, one description each, in the order editors offer them.
[[nodiscard]] const QList<ProtocolDescription> &protocols();

// The description of `name`; nullptr when this build has no codec for it.
[[nodiscard]] const ProtocolDescription *protocolNamed(const QString &name);

// The names of protocols(), e.g. {"coinbase", "binance", "json", "nats"}.
[[nodiscard]] QStringList knownProtocols();

// A new codec for `options.protocol`, configured from the rest of `options`; nullptr when
// the protocol is unknown or its options are unusable, with the reason in *error (when error
// is not null; the reason does not name the feed, callers add that).
[[nodiscard]] std::unique_ptr<FeedCodec> makeCodec(const CodecOptions &options, QString *error);

} // namespace feeddeck::codec
