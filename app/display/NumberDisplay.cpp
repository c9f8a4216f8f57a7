#include "app/display/NumberDisplay.h"

#include "core/export/Format.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace feeddeck::app::display {

int fractionDigits(double value)
{
    const QByteArray text = feeddeck::exporting::formatNumber(value);
    const qsizetype dot = text.indexOf('.');
    if (dot < 0 || text.contains('e'))
        return 0;
    return int(std::min<qsizetype>(text.size() - dot - 1, 10));
}

QString fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return {};
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    return locale.toString(value, 'f', std::clamp(decimals, 0, 10));
}

QString compact(double value)
{
    if (!std::isfinite(value))
        return {};
    const double magnitude = std::fabs(value);
    const QLocale locale;
    if (magnitude >= 1e9)
        return locale.toString(value / 1e9, 'f', 1) + QLatin1Char('B');
    if (magnitude >= 1e6)
        return locale.toString(value / 1e6, 'f', 1) + QLatin1Char('M');
    // From a thousand up in K, so one column never mixes "15.1K" with "1,012".
    if (magnitude >= 1e3)
        return locale.toString(value / 1e3, 'f', magnitude >= 1e4 ? 1 : 2) + QLatin1Char('K');
    return locale.toString(value, 'f', magnitude >= 100 ? 0 : 2);
}

QString age(qint64 ageMs)
{
    if (ageMs < 1000)
        return QStringLiteral("now");
    if (ageMs < 60'000)
        return QStringLiteral("%1 s").arg(ageMs / 1000);
    if (ageMs < 3'600'000)
        return QStringLiteral("%1 min").arg(ageMs / 60'000);
    return QStringLiteral("%1 h").arg(ageMs / 3'600'000);
}

QString roundTrip(double ms)
{
    if (ms < 0.0)
        return {};
    // A tenth of a millisecond matters on a LAN; past 10 ms it is noise.
    return QStringLiteral("%1 ms").arg(fixed(ms, ms < 10.0 ? 1 : 0));
}

} // namespace feeddeck::app::display
