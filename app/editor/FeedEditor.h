#pragma once

#include "app/editor/SymbolListModel.h"
#include "core/workspace/FeedConfig.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feeddeck::app::health {
class FeedStatusModel;
}

namespace feeddeck::app::editor {

class WorkspaceDocument;

// The form for one feed's settings: holds the values as typed, checks them as they
// change with the workspace file's own rules (so the messages match the file's), and
// applies them to the workspace on apply(). Subscriptions of an existing feed apply at
// once (the feed sends subscribe/unsubscribe deltas); everything else waits for apply().
class FeedEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FeedEditor is provided by the application")
    Q_PROPERTY(bool active READ isActive NOTIFY draftChanged)   // a feed, or a new one, is open
    Q_PROPERTY(bool isNew READ isNew NOTIFY draftChanged)
    Q_PROPERTY(QString feedId READ feedId NOTIFY draftChanged)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY draftChanged)
    Q_PROPERTY(QString url READ url WRITE setUrl NOTIFY draftChanged)
    Q_PROPERTY(QString protocol READ protocol WRITE setProtocol NOTIFY draftChanged)
    Q_PROPERTY(QStringList channels READ channels WRITE setChannels NOTIFY draftChanged)  // Coinbase
    Q_PROPERTY(QStringList streams READ streams WRITE setStreams NOTIFY draftChanged)     // Binance
    // A nats feed (a FeedDeck relay): read the stored history first, and the NATS credentials
    // (each may hold ${env:NAME}; empty: left out of the file).
    Q_PROPERTY(bool natsHistory READ natsHistory WRITE setNatsHistory NOTIFY draftChanged)
    Q_PROPERTY(QString natsUser READ natsUser WRITE setNatsUser NOTIFY draftChanged)
    Q_PROPERTY(QString natsPassword READ natsPassword WRITE setNatsPassword NOTIFY draftChanged)
    Q_PROPERTY(QString natsToken READ natsToken WRITE setNatsToken NOTIFY draftChanged)
    Q_PROPERTY(QVariantList headers READ headers WRITE setHeaders NOTIFY draftChanged)    // [{name, value}]
    // "system", "none" or a proxy URL; proxyShown is the same with its password masked.
    Q_PROPERTY(QString proxy READ proxy WRITE setProxy NOTIFY draftChanged)
    Q_PROPERTY(QString proxyShown READ proxyShown NOTIFY draftChanged)
    // "subprotocols" as typed: names separated by commas.
    Q_PROPERTY(QString subprotocols READ subprotocolsText WRITE setSubprotocolsText NOTIFY draftChanged)
    // "feeddeck" (FeedDeck's own WebSocket client) or "qtwebsockets" (Qt's QWebSocket).
    Q_PROPERTY(QString transport READ transport WRITE setTransport NOTIFY draftChanged)
    Q_PROPERTY(int initialDelayMs READ initialDelayMs WRITE setInitialDelayMs NOTIFY draftChanged)
    Q_PROPERTY(int maxDelayMs READ maxDelayMs WRITE setMaxDelayMs NOTIFY draftChanged)
    Q_PROPERTY(int staleAfterMs READ staleAfterMs WRITE setStaleAfterMs NOTIFY draftChanged)
    Q_PROPERTY(int pingIntervalMs READ pingIntervalMs WRITE setPingIntervalMs NOTIFY draftChanged)
    Q_PROPERTY(int maxMessageBytes READ maxMessageBytes WRITE setMaxMessageBytes NOTIFY draftChanged)
    // Bounds on what the server can create: symbol length, rows, chart points per series.
    Q_PROPERTY(int maxSymbolBytes READ maxSymbolBytes WRITE setMaxSymbolBytes NOTIFY draftChanged)
    Q_PROPERTY(int maxRows READ maxRows WRITE setMaxRows NOTIFY draftChanged)
    Q_PROPERTY(int historyPoints READ historyPoints WRITE setHistoryPoints NOTIFY draftChanged)
    // How messages travel: "auto"/"off" (permessage-deflate), "text"/"gzip"/"deflate"/"zlib" (binary frames).
    Q_PROPERTY(QString compression READ compression WRITE setCompression NOTIFY draftChanged)
    Q_PROPERTY(QString payload READ payload WRITE setPayload NOTIFY draftChanged)
    // The JSON mapping, as text the user edits (templates and match as JSON, lists comma-separated).
    Q_PROPERTY(QString subscribeTemplate READ subscribeTemplate WRITE setSubscribeTemplate NOTIFY draftChanged)
    Q_PROPERTY(QString unsubscribeTemplate READ unsubscribeTemplate WRITE setUnsubscribeTemplate NOTIFY draftChanged)
    Q_PROPERTY(QString matchFilter READ matchFilter WRITE setMatchFilter NOTIFY draftChanged)
    Q_PROPERTY(QString keyFields READ keyFields WRITE setKeyFields NOTIFY draftChanged)
    Q_PROPERTY(QString timeField READ timeField WRITE setTimeField NOTIFY draftChanged)
    Q_PROPERTY(QString valueFields READ valueFields WRITE setValueFields NOTIFY draftChanged)

    Q_PROPERTY(feeddeck::app::editor::SymbolListModel *symbols READ symbols CONSTANT)
    Q_PROPERTY(QString symbolNotice READ symbolNotice NOTIFY symbolNoticeChanged)
    // What is wrong, by the setting's path in the workspace file ("url", "reconnect.max_ms", "json.key").
    Q_PROPERTY(QVariantMap problems READ problems NOTIFY draftChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY draftChanged)
    Q_PROPERTY(bool dirty READ isDirty NOTIFY draftChanged)
    Q_PROPERTY(QString applyError READ applyError NOTIFY draftChanged)
    Q_PROPERTY(QString liveState READ liveState NOTIFY liveStateChanged)         // "live", "backoff", ...; "" for a new feed
    Q_PROPERTY(QString liveStateText READ liveStateText NOTIFY liveStateChanged)
    Q_PROPERTY(QStringList protocols READ protocols CONSTANT)
    Q_PROPERTY(QStringList coinbaseChannels READ coinbaseChannels CONSTANT)
    Q_PROPERTY(QStringList binanceStreams READ binanceStreams CONSTANT)

public:
    FeedEditor(WorkspaceDocument &document, health::FeedStatusModel &status, QObject *parent = nullptr);

    Q_INVOKABLE void edit(const QString &feedId);
    // A new feed of `protocol` with sensible starting values, not in the workspace until apply().
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

    [[nodiscard]] bool isActive() const { return m_active; }
    [[nodiscard]] bool isNew() const { return m_active && m_feedId.isEmpty(); }
    [[nodiscard]] QString feedId() const { return m_feedId; }
    [[nodiscard]] QString name() const;
    void setName(const QString &name);
    [[nodiscard]] QString url() const;
    void setUrl(const QString &url);
    [[nodiscard]] QString protocol() const;
    void setProtocol(const QString &protocol);
    [[nodiscard]] QStringList channels() const;
    void setChannels(const QStringList &channels);
    [[nodiscard]] QStringList streams() const;
    void setStreams(const QStringList &streams);
    [[nodiscard]] bool natsHistory() const;
    void setNatsHistory(bool on);
    [[nodiscard]] QString natsUser() const { return textOption(QStringLiteral("user")); }
    void setNatsUser(const QString &user) { setTextOption(QStringLiteral("user"), user); }
    [[nodiscard]] QString natsPassword() const { return textOption(QStringLiteral("password")); }
    void setNatsPassword(const QString &password) { setTextOption(QStringLiteral("password"), password); }
    [[nodiscard]] QString natsToken() const { return textOption(QStringLiteral("token")); }
    void setNatsToken(const QString &token) { setTextOption(QStringLiteral("token"), token); }
    [[nodiscard]] QVariantList headers() const { return m_headers; }
    void setHeaders(const QVariantList &headers);
    [[nodiscard]] QString proxy() const;
    void setProxy(const QString &proxy);
    [[nodiscard]] QString proxyShown() const;
    [[nodiscard]] QString subprotocolsText() const;
    [[nodiscard]] QString transport() const;
    void setTransport(const QString &name);
    void setSubprotocolsText(const QString &text);
    [[nodiscard]] int initialDelayMs() const;
    void setInitialDelayMs(int ms);
    [[nodiscard]] int maxDelayMs() const;
    void setMaxDelayMs(int ms);
    [[nodiscard]] int staleAfterMs() const;
    [[nodiscard]] int pingIntervalMs() const;
    void setPingIntervalMs(int ms);
    void setStaleAfterMs(int ms);
    [[nodiscard]] int maxMessageBytes() const;
    void setMaxMessageBytes(int bytes);
    [[nodiscard]] int maxSymbolBytes() const;
    void setMaxSymbolBytes(int bytes);
    [[nodiscard]] int maxRows() const;
    void setMaxRows(int rows);
    [[nodiscard]] int historyPoints() const;
    void setHistoryPoints(int points);
    [[nodiscard]] QString compression() const;
    void setCompression(const QString &name);
    [[nodiscard]] QString payload() const;
    void setPayload(const QString &name);

    [[nodiscard]] QString subscribeTemplate() const { return m_subscribeText; }
    void setSubscribeTemplate(const QString &text);
    [[nodiscard]] QString unsubscribeTemplate() const { return m_unsubscribeText; }
    void setUnsubscribeTemplate(const QString &text);
    [[nodiscard]] QString matchFilter() const { return m_matchText; }
    void setMatchFilter(const QString &text);
    [[nodiscard]] QString keyFields() const { return m_keyText; }
    void setKeyFields(const QString &text);
    [[nodiscard]] QString timeField() const { return m_timeText; }
    void setTimeField(const QString &text);
    [[nodiscard]] QString valueFields() const { return m_fieldsText; }
    void setValueFields(const QString &text);

    [[nodiscard]] SymbolListModel *symbols() { return &m_symbols; }
    [[nodiscard]] QString symbolNotice() const { return m_symbolNotice; }
    [[nodiscard]] QVariantMap problems() const { return m_problems; }
    [[nodiscard]] bool isValid() const { return m_active && m_problems.isEmpty(); }
    [[nodiscard]] bool isDirty() const;
    [[nodiscard]] QString applyError() const { return m_applyError; }
    [[nodiscard]] QString liveState() const { return m_liveState; }
    [[nodiscard]] QString liveStateText() const { return m_liveStateText; }
    [[nodiscard]] static QStringList protocols();
    [[nodiscard]] static QStringList coinbaseChannels();
    [[nodiscard]] static QStringList binanceStreams();

signals:
    void draftChanged();
    void symbolNoticeChanged();
    void liveStateChanged();
    // A new feed was added by apply(); the editor now edits it.
    void feedAdded(const QString &feedId);

private:
    void load(const QJsonObject &feed, const QString &feedId);
    void loadMappingTexts();
    void setValue(const QString &key, const QJsonValue &value);
    [[nodiscard]] QString textOption(const QString &key) const;
    // Sets options.<key>, or removes it when `text` is empty.
    void setTextOption(const QString &key, const QString &text);
    // Removes options.<key>, and options when nothing is left in it.
    void removeOption(const QString &key);
    void setNested(const QString &section, const QString &key, const QJsonValue &value);
    void changed();      // rebuild the mapping from its texts, check everything, notify
    void rebuildMapping();
    void setSymbolList(const QStringList &symbols);
    void refreshLiveState();
    void onDocumentChanged();
    [[nodiscard]] QJsonObject comparable(QJsonObject feed) const;

    WorkspaceDocument &m_document;
    health::FeedStatusModel &m_status;
    bool m_active = false;
    QString m_feedId;        // empty for a feed not added yet
    QString m_subprotocolsText; // as typed, so a trailing comma survives while typing
    QJsonObject m_draft;     // the feed as it would be written to the file
    QJsonObject m_baseline;  // as it was when opened (or last applied)
    QVariantList m_headers;  // as edited, including half-typed rows
    QString m_subscribeText, m_unsubscribeText, m_matchText, m_keyText, m_timeText, m_fieldsText;
    QVariantMap m_problems;
    QVariantMap m_ownProblems; // from the texts above, before the mapping is checked
    QString m_applyError;
    SymbolListModel m_symbols;
    QString m_symbolNotice;
    QString m_liveState;
    QString m_liveStateText;
};

} // namespace feeddeck::app::editor
