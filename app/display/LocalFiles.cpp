#include "app/display/LocalFiles.h"

namespace feeddeck::app::display {

QString LocalFiles::pathOf(const QUrl &url)
{
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}

QUrl LocalFiles::urlOf(const QString &path)
{
    return path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path);
}

} // namespace feeddeck::app::display
