#include "app/editor/FeedSetup.h"

namespace feeddeck::app::editor {

FeedSetup::FeedSetup(feed::FeedManager &engine, health::FeedStatusModel &status, QObject *parent)
    : QObject(parent)
    , m_document(engine)
    , m_editor(m_document, status)
    , m_tester(engine, m_editor)
    , m_preview(engine, m_editor, m_tester)
{
}

} // namespace feeddeck::app::editor
