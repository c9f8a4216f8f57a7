#pragma once

#include "app/ConnectionTester.h"
#include "app/FeedEditor.h"
#include "app/MappingPreview.h"
#include "app/WorkspaceDocument.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app {

class FeedStatusModel;

// Everything the feeds editor works with, handed to QML as one object: the workspace
// being edited, the form for one feed, its connection test and its mapping preview.
class FeedSetup : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedSetup is provided by the application")
    Q_PROPERTY(feeddeck::app::WorkspaceDocument *document READ document CONSTANT)
    Q_PROPERTY(feeddeck::app::FeedEditor *editor READ editor CONSTANT)
    Q_PROPERTY(feeddeck::app::ConnectionTester *tester READ tester CONSTANT)
    Q_PROPERTY(feeddeck::app::MappingPreview *preview READ preview CONSTANT)

public:
    FeedSetup(feed::FeedManager &engine, FeedStatusModel &status, QObject *parent = nullptr);

    [[nodiscard]] WorkspaceDocument *document() { return &m_document; }
    [[nodiscard]] FeedEditor *editor() { return &m_editor; }
    [[nodiscard]] ConnectionTester *tester() { return &m_tester; }
    [[nodiscard]] MappingPreview *preview() { return &m_preview; }

private:
    WorkspaceDocument m_document;
    FeedEditor m_editor;
    ConnectionTester m_tester;
    MappingPreview m_preview;
};

} // namespace feeddeck::app
