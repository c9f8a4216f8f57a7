#include "app/FeedSetup.h"

namespace feeddeck::app {

FeedSetup::FeedSetup(feed::FeedManager &engine, FeedStatusModel &status, QObject *parent)
    : QObject(parent)
    , m_document(engine)
    , m_editor(m_document, status)
    , m_tester(engine, m_editor)
    , m_preview(engine, m_editor, m_tester)
{
}

} // namespace feeddeck::app
