// Chart history export throughput: 1M points written as CSV through FeedDeck's writer
// (CsvWriter: buffered, from_chars-style number formatting) against the QTextStream code a
// Qt developer would write for the same bytes, side by side: A B A B ..., median of the
// per-pair ratios. Both write through an atomic file into a temporary folder.
#include "core/export/AtomicFile.h"
#include "core/export/Format.h"
#include "core/export/HistoryCsv.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace feeddeck;

namespace {

constexpr qint64 kPoints = 1'000'000;
constexpr int kPairs = 3;

QList<exporting::HistorySeries> history()
{
    // Eight series of 125k points, as eight charted series full of a day's ticks.
    QList<exporting::HistorySeries> series;
    const qint64 start = 1'795'392'000'000;
    for (int s = 0; s < 8; ++s) {
        exporting::HistorySeries one{QStringLiteral("Market"), QStringLiteral("SYM-%1").arg(s), QStringLiteral("price"), {}};
        one.points.reserve(kPoints / 8);
        double price = 100.0 + s;
        for (qint64 i = 0; i < kPoints / 8; ++i) {
            price += ((i * 7919 + s) % 13 - 6) * 0.01;
            one.points.append({start + i * 37, price});
        }
        series.append(one);
    }
    return series;
}

double feeddeckRowsPerSecond(const QList<exporting::HistorySeries> &data, const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    const exporting::ExportResult result = exporting::writeAtomically(
        path, [&](QIODevice &out, QString *error) { return exporting::writeHistoryCsv(data, out, error); });
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!result.ok)
        std::fprintf(stderr, "export failed: %s\n", qPrintable(result.error));
    return double(kPoints) / seconds;
}

// The same rows the usual Qt way: QTextStream, QString::number, QDateTime::toString.
double textStreamRowsPerSecond(const QList<exporting::HistorySeries> &data, const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    const exporting::ExportResult result = exporting::writeAtomically(path, [&](QIODevice &out, QString *) {
        QTextStream stream(&out);
        stream << "feed,symbol,field,time,value\r\n";
        for (const exporting::HistorySeries &s : data)
            for (const store::Point &p : s.points)
                stream << s.feedName << ',' << s.symbol << ',' << s.field << ','
                       << QDateTime::fromMSecsSinceEpoch(p.t, Qt::UTC).toString(Qt::ISODateWithMs) << ','
                       << QString::number(p.v, 'g', 17) << "\r\n";
        stream.flush();
        return stream.status() == QTextStream::Ok;
    });
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!result.ok)
        std::fprintf(stderr, "baseline failed: %s\n", qPrintable(result.error));
    return double(kPoints) / seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const QList<exporting::HistorySeries> data = history();
    std::vector<double> ratios;
    double best = 0.0;
    double baselineBest = 0.0;
    for (int pair = 0; pair < kPairs; ++pair) {
        const double ours = feeddeckRowsPerSecond(data, dir.filePath(QStringLiteral("feeddeck.csv")));
        const double theirs = textStreamRowsPerSecond(data, dir.filePath(QStringLiteral("textstream.csv")));
        ratios.push_back(ours / theirs);
        best = std::max(best, ours);
        baselineBest = std::max(baselineBest, theirs);
    }
    std::sort(ratios.begin(), ratios.end());
    const qint64 bytes = QFile(dir.filePath(QStringLiteral("feeddeck.csv"))).size();
    std::printf("%-34s %12s %14s %8s\n", "history export, 1M points", "FeedDeck", "QTextStream", "ratio");
    std::printf("%-34s %9.0f k/s %11.0f k/s %7.1fx\n", "rows per second (best of 3)", best / 1000.0,
                baselineBest / 1000.0, ratios[ratios.size() / 2]);
    std::printf("%-34s %9.1f MB\n", "file size", double(bytes) / 1e6);
    return 0;
}
