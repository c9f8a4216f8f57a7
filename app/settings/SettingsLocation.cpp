#include "app/settings/SettingsLocation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace feeddeck::app::settings {

namespace {
const QString kFileName = QStringLiteral("feeddeck.conf");
const QString kEarlierFolder = QStringLiteral("FeedDeck");
} // namespace

QString organizationName()
{
    return QStringLiteral("feeddeck");
}

QString applicationName()
{
    return QStringLiteral("feeddeck");
}

QString moveEarlierSettings(const QString &configRoot)
{
    const QDir root(configRoot);
    const QString earlier = root.filePath(kEarlierFolder + u'/' + kFileName);
    const QString now = root.filePath(organizationName() + u'/' + kFileName);
    // On a file system that ignores case the two names are one file: nothing to move.
    if (!QFile::exists(earlier) || QFileInfo(earlier).canonicalFilePath() == QFileInfo(now).canonicalFilePath())
        return {};
    if (QFile::exists(now))
        return QStringLiteral("settings: %1 is in use; %2 of an earlier FeedDeck was left as it is").arg(now, earlier);
    if (!root.mkpath(organizationName()) || !QFile::rename(earlier, now))
        return QStringLiteral("settings: could not move %1 to %2; the window starts from its defaults").arg(earlier, now);
    root.rmdir(kEarlierFolder); // only when empty
    return QStringLiteral("settings: moved %1 to %2").arg(earlier, now);
}

} // namespace feeddeck::app::settings
