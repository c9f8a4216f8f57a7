#include "app/editor/LimitsDraft.h"

namespace feeddeck::app::editor {

LimitsDraft::LimitsDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent)
    : QObject(parent)
    , m_draft(draft)
    , m_edited(std::move(edited))
{
}

} // namespace feeddeck::app::editor
