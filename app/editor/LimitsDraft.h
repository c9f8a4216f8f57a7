#pragma once

#include "app/editor/FeedDraft.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace feeddeck::app::editor {

// The feed editor's reconnect and limits section: retry delays, liveness, and the bounds on
// what the server controls, on the editor's draft.
class LimitsDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LimitsDraft belongs to FeedEditor")
    Q_PROPERTY(int initialDelayMs READ initialDelayMs WRITE setInitialDelayMs NOTIFY changed)
    Q_PROPERTY(int maxDelayMs READ maxDelayMs WRITE setMaxDelayMs NOTIFY changed)
    Q_PROPERTY(int staleAfterMs READ staleAfterMs WRITE setStaleAfterMs NOTIFY changed)
    Q_PROPERTY(int pingIntervalMs READ pingIntervalMs WRITE setPingIntervalMs NOTIFY changed)
    Q_PROPERTY(int maxMessageBytes READ maxMessageBytes WRITE setMaxMessageBytes NOTIFY changed)
    // Bounds on what the server can create: symbol length, rows, chart points per series.
    Q_PROPERTY(int maxSymbolBytes READ maxSymbolBytes WRITE setMaxSymbolBytes NOTIFY changed)
    Q_PROPERTY(int maxRows READ maxRows WRITE setMaxRows NOTIFY changed)
    Q_PROPERTY(int historyPoints READ historyPoints WRITE setHistoryPoints NOTIFY changed)

public:
    // `edited` runs after each change to the draft (the editor checks the feed again).
    LimitsDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent = nullptr);

    // Takes the draft's values afresh (a feed was opened or reverted).
    void reload() { emit changed(); }

    [[nodiscard]] int initialDelayMs() const { return m_draft.config.reconnect.initialMs; }
    void setInitialDelayMs(int ms) { set(m_draft.config.reconnect.initialMs, ms); }
    [[nodiscard]] int maxDelayMs() const { return m_draft.config.reconnect.maxMs; }
    void setMaxDelayMs(int ms) { set(m_draft.config.reconnect.maxMs, ms); }
    [[nodiscard]] int staleAfterMs() const { return m_draft.config.staleAfterMs; }
    void setStaleAfterMs(int ms) { set(m_draft.config.staleAfterMs, ms); }
    [[nodiscard]] int pingIntervalMs() const { return m_draft.config.pingIntervalMs; }
    void setPingIntervalMs(int ms) { set(m_draft.config.pingIntervalMs, ms); }
    [[nodiscard]] int maxMessageBytes() const { return static_cast<int>(m_draft.config.maxMessageBytes); }
    void setMaxMessageBytes(int bytes) { set(m_draft.config.maxMessageBytes, qint64(bytes)); }
    [[nodiscard]] int maxSymbolBytes() const { return m_draft.config.maxSymbolBytes; }
    void setMaxSymbolBytes(int bytes) { set(m_draft.config.maxSymbolBytes, bytes); }
    [[nodiscard]] int maxRows() const { return m_draft.config.maxRows; }
    void setMaxRows(int rows) { set(m_draft.config.maxRows, rows); }
    [[nodiscard]] int historyPoints() const { return m_draft.config.historyPoints; }
    void setHistoryPoints(int points) { set(m_draft.config.historyPoints, points); }

signals:
    void changed();

private:
    // Every limit is set the same way: only while a feed is open, and only a change counts.
    template<typename Value>
    void set(Value &setting, Value value)
    {
        if (!m_draft.open || setting == value)
            return;
        setting = value;
        emit changed();
        m_edited();
    }

    FeedDraft &m_draft;
    std::function<void()> m_edited;
};

} // namespace feeddeck::app::editor
