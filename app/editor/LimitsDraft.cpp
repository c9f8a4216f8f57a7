#include "app/editor/LimitsDraft.h"

namespace feeddeck::app::editor {

LimitsDraft::LimitsDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent)
    : QObject(parent)
    , m_draft(draft)
    , m_edited(std::move(edited))
{
}

void LimitsDraft::set(int &setting, int value)
{
    if (!m_draft.open || setting == value)
        return;
    setting = value;
    emit changed();
    m_edited();
}

void LimitsDraft::setMaxMessageBytes(int bytes)
{
    if (!m_draft.open || m_draft.config.maxMessageBytes == bytes)
        return;
    m_draft.config.maxMessageBytes = bytes;
    emit changed();
    m_edited();
}

} // namespace feeddeck::app::editor
