#pragma once

#include <QList>
#include <QString>
#include <QVarLengthArray>
#include <QtGlobal>

#include <limits>
#include <memory>
#include <optional>

namespace feeddeck::data {

// A time that is not known (a message without its own timestamp).
inline constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();

// One named numeric value of an update. Names are implicitly shared QStrings
// (the canonical ones are static), so copying a field never allocates.
struct FieldValue
{
    FieldValue() = default;
    // For the codecs' emplace_back(name, value), which builds a field in place (Clang 14
    // has no parenthesised aggregate initialisation).
    FieldValue(const QString &fieldName, double fieldValue) noexcept
        : name(fieldName)
        , value(fieldValue)
    {
    }

    QString name;
    double value = 0.0;

    friend bool operator==(const FieldValue &, const FieldValue &) = default;
};

// Most updates carry at most the eleven canonical market fields: keep them inline.
using FieldList = QVarLengthArray<FieldValue, 12>;

// The value of a named field, if the list has it.
[[nodiscard]] inline std::optional<double> valueOf(const FieldList &fields, const QString &name) noexcept
{
    for (const FieldValue &f : fields)
        if (f.name == name)
            return f.value;
    return std::nullopt;
}

// One decoded change for one symbol of one feed. Stamped once at receipt.
struct Update
{
    QString symbol;
    FieldList fields;
    qint64 sourceMs = kNoTime;   // the venue's own timestamp, Unix epoch ms
    qint64 receivedMs = kNoTime; // when the frame arrived, Unix epoch ms
    // Relayed updates (a nats feed): the id of the feed they came from at the relay. Empty
    // for updates read from the venue itself.
    QString origin;

    // Back to a blank update, keeping the memory of its field array (a codec reuses one).
    void clear() noexcept
    {
        symbol = QString();
        fields.clear();
        sourceMs = kNoTime;
        receivedMs = kNoTime;
        origin = QString();
    }

    [[nodiscard]] const FieldValue *field(const QString &name) const noexcept
    {
        for (const FieldValue &f : fields)
            if (f.name == name)
                return &f;
        return nullptr;
    }
};

// The canonical market field names (DESIGN.md), in their CSV column order.
namespace fields {
inline const QString kPrice = QStringLiteral("price");
inline const QString kBid = QStringLiteral("bid");
inline const QString kAsk = QStringLiteral("ask");
inline const QString kBidSize = QStringLiteral("bid_size");
inline const QString kAskSize = QStringLiteral("ask_size");
inline const QString kSize = QStringLiteral("size");
inline const QString kOpen24h = QStringLiteral("open_24h");
inline const QString kHigh24h = QStringLiteral("high_24h");
inline const QString kLow24h = QStringLiteral("low_24h");
inline const QString kVolume24h = QStringLiteral("volume_24h");
inline const QString kChangePct = QStringLiteral("change_pct");

inline const QList<QString> &canonicalOrder()
{
    static const QList<QString> order{kPrice,    kBid,      kAsk,     kBidSize,   kAskSize,  kSize,
                                      kOpen24h,  kHigh24h,  kLow24h,  kVolume24h, kChangePct};
    return order;
}
} // namespace fields

} // namespace feeddeck::data
