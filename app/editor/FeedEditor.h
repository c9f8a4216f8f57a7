#pragma once

#include "app/editor/ConnectionDraft.h"
#include "app/editor/FeedDraft.h"
#include "app/editor/LimitsDraft.h"
#include "app/editor/MappingDraft.h"
#include "app/editor/ProtocolOptionsDraft.h"
#include "app/editor/SymbolListModel.h"
#include "core/workspace/FeedConfig.h"

#include <QJsonObject>
#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feeddeck::app::health {
class FeedStatusModel;
}

namespace feeddeck::app::editor {

class WorkspaceDocument;

// The form for one feed's settings: holds them as a typed draft (a FeedConfig with the
// workspace's defaults), edited by section, checks them as they change with the workspace
// file's own rules (so the messages match the file's), and applies them to the workspace on
// apply(). Subscriptions of an existing feed apply at once (the feed sends subscribe/unsubscribe
// deltas); everything else waits for apply().
class FeedEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedEditor is provided by the application")
    Q_PROPERTY(bool active READ isActive NOTIFY openedChanged) // a feed, or a new one, is open
    Q_PROPERTY(bool isNew READ isNew NOTIFY openedChanged)
    Q_PROPERTY(QString feedId READ feedId NOTIFY openedChanged)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY basicsChanged)
    Q_PROPERTY(QString url READ url WRITE setUrl NOTIFY basicsChanged)
    Q_PROPERTY(QString protocol READ protocol WRITE setProtocol NOTIFY basicsChanged)
    // The sections of the form, each with its own change signal.
    Q_PROPERTY(feeddeck::app::editor::ConnectionDraft *connection READ connection CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::LimitsDraft *limits READ limits CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::ProtocolOptionsDraft *options READ options CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::MappingDraft *mapping READ mapping CONSTANT)
    Q_PROPERTY(feeddeck::app::editor::SymbolListModel *symbols READ symbols CONSTANT)
    Q_PROPERTY(QString symbolNotice READ symbolNotice NOTIFY symbolNoticeChanged)
    // What is wrong, by the setting's path in the workspace file ("url", "reconnect.max_ms", "json.key").
    Q_PROPERTY(QVariantMap problems READ problems NOTIFY checked)
    Q_PROPERTY(bool valid READ isValid NOTIFY checked)
    Q_PROPERTY(bool dirty READ isDirty NOTIFY checked)
    Q_PROPERTY(QString applyError READ applyError NOTIFY checked)
    Q_PROPERTY(QString liveState READ liveState NOTIFY liveStateChanged) // "live", "backoff", ...; "" for a new feed
    Q_PROPERTY(QString liveStateText READ liveStateText NOTIFY liveStateChanged)

public:
    FeedEditor(WorkspaceDocument &document, health::FeedStatusModel &status, QObject *parent = nullptr);

    Q_INVOKABLE void edit(const QString &feedId);
    // A new feed of `protocol` as the codec registry starts it, not in the workspace until apply().
    Q_INVOKABLE void startNew(const QString &protocol);
    Q_INVOKABLE bool apply();
    Q_INVOKABLE void revert();
    Q_INVOKABLE void close();

    // Adds typed or pasted symbols; returns (and shows in symbolNotice) what happened.
    Q_INVOKABLE QString addSymbols(const QString &text);
    Q_INVOKABLE void removeSymbol(int row);
    Q_INVOKABLE void moveSymbol(int from, int to);

    // The settings as they would be applied, when they are valid.
    [[nodiscard]] std::optional<workspace::FeedConfig> draftConfig() const;

    [[nodiscard]] bool isActive() const { return m_draft.open; }
    [[nodiscard]] bool isNew() const { return m_draft.open && m_feedId.isEmpty(); }
    [[nodiscard]] QString feedId() const { return m_feedId; }
    [[nodiscard]] QString name() const { return m_draft.config.name; }
    void setName(const QString &name);
    [[nodiscard]] QString url() const { return m_draft.urlText; }
    void setUrl(const QString &url);
    [[nodiscard]] QString protocol() const { return m_draft.config.protocol; }
    void setProtocol(const QString &protocol);

    [[nodiscard]] ConnectionDraft *connection() { return &m_connection; }
    [[nodiscard]] LimitsDraft *limits() { return &m_limits; }
    [[nodiscard]] ProtocolOptionsDraft *options() { return &m_options; }
    [[nodiscard]] MappingDraft *mapping() { return &m_mapping; }
    [[nodiscard]] SymbolListModel *symbols() { return &m_symbols; }
    [[nodiscard]] QString symbolNotice() const { return m_symbolNotice; }
    [[nodiscard]] QVariantMap problems() const { return m_problems; }
    [[nodiscard]] bool isValid() const { return m_draft.open && m_problems.isEmpty(); }
    [[nodiscard]] bool isDirty() const;
    [[nodiscard]] QString applyError() const { return m_applyError; }
    [[nodiscard]] QString liveState() const { return m_liveState; }
    [[nodiscard]] QString liveStateText() const { return m_liveStateText; }

signals:
    void openedChanged();   // another feed (or none) is open
    void basicsChanged();   // name, url, protocol
    void checked();         // problems, valid, dirty, applyError
    void draftChanged();    // anything in the draft, after it was checked
    void symbolNoticeChanged();
    void liveStateChanged();
    // A new feed was added by apply(); the editor now edits it.
    void feedAdded(const QString &feedId);

private:
    void load(const FeedDraft &draft, const QString &feedId);
    [[nodiscard]] QString draftId() const;
    void changed(); // rebuild the mapping from its texts, check everything, notify
    void setSymbolList(const QStringList &symbols);
    void refreshLiveState();
    void onDocumentChanged();
    [[nodiscard]] QJsonObject comparable(QJsonObject feed) const;

    WorkspaceDocument &m_document;
    health::FeedStatusModel &m_status;
    QString m_feedId;   // empty for a feed not added yet
    FeedDraft m_draft;  // the feed as it would be applied
    FeedDraft m_baseline; // as it was when opened (or last applied)
    ConnectionDraft m_connection;
    LimitsDraft m_limits;
    ProtocolOptionsDraft m_options;
    MappingDraft m_mapping;
    QVariantMap m_problems;
    QVariantMap m_mappingProblems; // from the mapping's texts, before the mapping is checked
    QString m_applyError;
    SymbolListModel m_symbols;
    QString m_symbolNotice;
    QString m_liveState;
    QString m_liveStateText;
};

} // namespace feeddeck::app::editor
