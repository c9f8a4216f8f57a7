#pragma once

// What the codec suites share: recorded frames from tests/data/<codec>/, a readable
// form of an update's fields, and the rule that issue details fit on one line.
#include "core/data/Update.h"

#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace feeddeck::testing {

using Fields = QList<QPair<QString, double>>;

// The receive stamp every codec test passes to decode().
inline constexpr qint64 kReceivedMs = Q_INT64_C(1795386140691);

inline QString dataPathIn(const char *codecFolder, const QString &file)
{
    return QStringLiteral(FEEDDECK_TEST_DATA_DIR "/") + QLatin1String(codecFolder) + QLatin1Char('/') + file;
}

inline QByteArray readFrameFrom(const char *codecFolder, const QString &file)
{
    QFile input(dataPathIn(codecFolder, file));
    if (!input.open(QIODevice::ReadOnly))
        return {};
    return input.readAll();
}

inline Fields fieldsOf(const data::Update &update)
{
    Fields fields;
    for (const data::FieldValue &field : update.fields)
        fields.append({field.name, field.value});
    return fields;
}

inline QString fieldsText(const Fields &fields)
{
    QStringList parts;
    for (const auto &[name, value] : fields)
        parts.append(QStringLiteral("%1=%2").arg(name).arg(value, 0, 'g', 17));
    return parts.join(QLatin1Char(' '));
}

// Every issue detail must be safe to show on one line.
inline bool isPrintableLine(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7F && c.unicode() < 0xA0))
            return false;
    return true;
}

} // namespace feeddeck::testing
