#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

namespace feeddeck::sim {

// Builds one compact JSON object with its keys in the order written: venues send fixed
// key orders, and hand-built text is several times faster than QJsonDocument at high rates.
// Keys are our own literals; string values are escaped, so untrusted text is safe in them.
class JsonLineWriter
{
public:
    JsonLineWriter &text(const char *key, QStringView value);
    JsonLineWriter &number(const char *key, qint64 value);
    // A decimal number written as a string, the way venues send prices: "43012.55".
    JsonLineWriter &decimalText(const char *key, qint64 units, int decimals);
    // A preformatted JSON value (a number, or an array/object built by another writer).
    JsonLineWriter &raw(const char *key, QByteArrayView json);
    JsonLineWriter &textList(const char *key, const QStringList &values);

    [[nodiscard]] QByteArray finish();

private:
    void appendKey(const char *key);

    QByteArray m_out = QByteArrayLiteral("{");
};

// `units` scaled by 10^-decimals, exactly and without the locale: (4301255, 2) -> "43012.55".
[[nodiscard]] QByteArray formatFixed(qint64 units, int decimals);

// ISO 8601 UTC: "2026-11-22T22:22:17.818123Z" (Coinbase) and "2026-11-22T22:22:17.818Z".
[[nodiscard]] QByteArray isoTimeMicros(qint64 epochMicros);
[[nodiscard]] QByteArray isoTimeMillis(qint64 epochMs);

[[nodiscard]] qint64 nowEpochMicros();

} // namespace feeddeck::sim
