#pragma once

#include "core/alert/FiredAlert.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

namespace feeddeck::app::alerts {

// The window's alert log on disk: one JSON object a line (core/alert/AlertJson, the format of
// --alerts-jsonl), appended and flushed once per batch of alerts, kept across restarts.
// Bounded: when it holds more than maxEntries plus a tenth, it is rewritten with the newest
// maxEntries through a QSaveFile, so a crash never leaves a half-written log. Not a QObject:
// the window's alert centre owns it and says what went wrong.
class AlertLogFile
{
public:
    static constexpr int kDefaultMaxEntries = 10000;

    struct Loaded
    {
        QList<alert::FiredAlert> alerts;  // oldest first, at most maxEntries
        int damagedLines = 0;             // skipped
        QString warning;                  // one sentence naming the file and the first damaged line; empty when none
    };

    // `path`'s folder is made when the first alert is written.
    explicit AlertLogFile(QString path, int maxEntries = kDefaultMaxEntries);
    AlertLogFile(const AlertLogFile &) = delete;
    AlertLogFile &operator=(const AlertLogFile &) = delete;

    [[nodiscard]] const QString &path() const noexcept { return m_path; }
    [[nodiscard]] int maxEntries() const noexcept { return m_maxEntries; }
    // Lines the file holds now (after load() or append()).
    [[nodiscard]] int lineCount() const noexcept { return int(m_lines.size()); }

    // Reads what the file keeps. A missing file is an empty log. A damaged line (not an
    // alert, e.g. cut short by a crash) is skipped and counted. When the last line has no
    // newline the file is rewritten from the good lines, so appends start on a new line.
    [[nodiscard]] Loaded load();

    // Appends these alerts (oldest first) and flushes; rewrites the file with the newest
    // maxEntries when it grew past the bound. False, with the reason in *error, when the
    // file could not be written (the alerts stay in the window).
    [[nodiscard]] bool append(const QList<alert::FiredAlert> &alerts, QString *error);

    // Empties the log (an empty file, written atomically).
    [[nodiscard]] bool clear(QString *error);

private:
    [[nodiscard]] int slack() const noexcept { return m_maxEntries / 10; }
    [[nodiscard]] bool rewrite(QString *error); // m_lines, atomically; reopens for appending
    [[nodiscard]] bool openForAppend(QString *error);

    QString m_path;
    int m_maxEntries;
    QList<QByteArray> m_lines; // what the file holds, oldest first, each ending in '\n'
    QFile m_file;              // open for appending after the first write
};

} // namespace feeddeck::app::alerts
