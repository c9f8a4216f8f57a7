#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace feeddeck::ws {

// Negotiation of permessage-deflate (RFC 7692), as plain functions of handshake bytes.

// What the server agreed to. Only the server's side matters to FeedDeck: it inflates what the
// server sends and sends its own few messages (subscriptions, pongs) uncompressed, which the
// RFC allows (a sender need not set RSV1), so the client_* parameters bind nothing it does.
struct DeflateAgreement
{
    bool agreed = false;
    bool serverNoContextTakeover = false; // every server message starts with a fresh window
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 15;
    int clientMaxWindowBits = 15;
};

// The offer FeedDeck makes: client_max_window_bits without a value tells the server it may ask
// for a smaller client window.
inline constexpr QByteArrayView kDeflateOffer = "permessage-deflate; client_max_window_bits";

// request with a Sec-WebSocket-Extensions header carrying kDeflateOffer, placed just before
// the blank line that ends the request head.
[[nodiscard]] QByteArray withDeflateOffer(QByteArray request);

// Reads the Sec-WebSocket-Extensions headers of an accepted reply head into agreement (RFC 7692
// section 7: one permessage-deflate element with known, valid, non-repeated parameters, and only
// when it was offered). Empty when the reply is fine; otherwise what is wrong, for the user.
[[nodiscard]] QString checkExtensions(QByteArrayView head, bool deflateOffered, DeflateAgreement *agreement);

} // namespace feeddeck::ws
