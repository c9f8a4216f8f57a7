#include "app/shell/AlertLog.h"

#include "core/alert/AlertJson.h"
#include "core/export/Format.h"

#include <cstdio>

namespace feeddeck::app::shell {

bool AlertLog::open(const QString &path, QString *error)
{
    m_path = path;
    if (path != QLatin1String("-"))
        m_file.setFileName(path);
    const bool opened = path == QLatin1String("-")
                            ? m_file.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered)
                            : m_file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    if (!opened)
        *error = QStringLiteral("--alerts-jsonl: cannot write \"%1\": %2; check that its folder exists and is writable")
                     .arg(path, feeddeck::exporting::osReason(m_file.errorString()));
    return opened;
}

void AlertLog::write(const QList<alert::FiredAlert> &alerts, quint64 dropped)
{
    if (dropped > 0)
        std::fprintf(stderr, "feeddeck: %llu alerts were not written: more fired within one batch than are held\n",
                     static_cast<unsigned long long>(dropped));
    if (alerts.isEmpty() || m_broken || !m_file.isOpen())
        return;
    QByteArray lines;
    for (const alert::FiredAlert &alert : alerts)
        lines.append(alert::toJsonLine(alert));
    if (m_file.write(lines) == lines.size() && m_file.flush())
        return;
    m_broken = true; // said once, not once a batch
    if (m_failed)
        m_failed(QStringLiteral("cannot write \"%1\": %2").arg(m_path, feeddeck::exporting::osReason(m_file.errorString())));
}

} // namespace feeddeck::app::shell
