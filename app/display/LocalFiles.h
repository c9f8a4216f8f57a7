#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::display {

// Between the file dialogs' URLs and the paths people read and type: one place that knows
// a URL is "file:///home/me/My%20Exports/a.csv" and the path "/home/me/My Exports/a.csv".
class LocalFiles : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    using QObject::QObject;

    // The path of a local file URL; anything else as it is written.
    Q_INVOKABLE static QString pathOf(const QUrl &url);
    // The URL of a local path (a folder for a dialog to open in); empty for an empty path.
    Q_INVOKABLE static QUrl urlOf(const QString &path);
};

} // namespace feeddeck::app::display
