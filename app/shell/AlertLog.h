#pragma once

#include "core/alert/FiredAlert.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <functional>

namespace feeddeck::app::shell {

// --alerts-jsonl: every alert a headless run fires, as one JSON object a line (the format of
// core/alert/AlertJson, the same as the window's alert log), written and
// flushed batch by batch, so a script reading the file (or a pipe) sees it within a frame.
class AlertLog
{
public:
    // Told once when a write fails (disk full, closed pipe); the run then ends with exit code 1.
    using FailureSink = std::function<void(const QString &error)>;

    // Opens `path` ("-" = stdout) now, truncating it, so an unwritable path fails before the
    // feeds start. Directories are not created.
    [[nodiscard]] bool open(const QString &path, QString *error);
    void setFailureSink(FailureSink sink) { m_failed = std::move(sink); }

    void write(const QList<alert::FiredAlert> &alerts, quint64 dropped);

private:
    QFile m_file;
    QString m_path;
    FailureSink m_failed;
    bool m_broken = false;
};

} // namespace feeddeck::app::shell
