#pragma once

#include "app/editor/ConnectionTester.h"
#include "app/editor/FeedEditor.h"
#include "app/editor/MappingPreview.h"
#include "app/editor/WorkspaceDocument.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::health {
class FeedStatusModel;
}

namespace feeddeck::app::editor {

// Everything the feeds editor works with, handed to QML as one object: the workspace
// being edited, the form for one feed, its connection test and its mapping preview.
class FeedSetup : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedSetup is provided by the application")
    Q_PROPERTY(feeddeck::app::editor::WorkspaceDocument *document READ document CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::FeedEditor *editor READ editor CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::ConnectionTester *tester READ tester CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::MappingPreview *preview READ preview CONSTANT)

public:
    FeedSetup(feed::FeedManager &engine, health::FeedStatusModel &status, QObject *parent = nullptr);

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

} // namespace feeddeck::app::editor
