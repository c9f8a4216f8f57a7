#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

// How FeedDeck names things in NATS subjects (README, "Team use"):
//   <prefix>.<feed-id>.<key>        one update of one row
//   <prefix>.<feed-id>.$status      the feed's state, published on change and every second
// A subject token cannot hold '.', '*', '>' or whitespace, so feed ids and keys are escaped
// reversibly: each UTF-8 byte of '.', '*', '>', '%', a byte <= 0x20 (space, controls) or
// >= 0x7F (DEL, non-ASCII), and a leading '$' (reserved for $status) becomes %XX (upper-case
// hex). Everything else stays as it is, so "BTC-USD" and "SKU-1/WH-EAST" read as themselves.
// The empty text is the token "%".
namespace feeddeck::codec::nats {

inline constexpr QByteArrayView kStatusToken = "$status";

[[nodiscard]] QByteArray escapeToken(QStringView text);

// The text of an escaped token; nullopt when the token is not one escapeToken() makes
// (a '%' without two hex digits, bytes that must have been escaped, invalid UTF-8).
[[nodiscard]] std::optional<QString> unescapeToken(QByteArrayView token);

// "<prefix>.<escaped feed>.<escaped key>"; prefix is a valid prefix (isValidPrefix).
[[nodiscard]] QByteArray updateSubject(QByteArrayView prefix, QStringView feedId, QStringView key);
// "<prefix>.<escaped feed>.$status"
[[nodiscard]] QByteArray statusSubject(QByteArrayView prefix, QStringView feedId);

struct SubjectParts
{
    QString feedId;
    QString key;           // empty for a status subject
    bool isStatus = false;
};

// Reads a subject from the right: the last token is the key (or $status), the one before it
// the feed id; whatever precedes is the prefix (which may itself hold dots). nullopt for a
// subject of fewer than three tokens or with a token that does not unescape.
[[nodiscard]] std::optional<SubjectParts> parseSubject(QByteArrayView subject);

// A subject prefix: one or more non-empty tokens of letters, digits, '_' and '-' joined by '.'.
[[nodiscard]] bool isValidPrefix(QStringView prefix);

// A subscription pattern as NATS accepts it: non-empty tokens without whitespace, '*' only as
// a whole token, '>' only as the whole last token. Stricter than the server in one way: it takes
// '*' or '>' inside a longer token as a plain character, but FeedDeck's tokens escape both, so
// such a token matches nothing a relay publishes and is refused as a mistyped wildcard.
// Control characters are refused too. On false, *why says what is wrong.
[[nodiscard]] bool isValidPattern(QStringView pattern, QString *why = nullptr);

} // namespace feeddeck::codec::nats
