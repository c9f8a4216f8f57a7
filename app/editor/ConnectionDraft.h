#pragma once

#include "app/editor/FeedDraft.h"

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>

namespace feeddeck::app::editor {

// The feed editor's connection section: how the socket is made (headers, proxy, subprotocols,
// transport, compression and payload) on the editor's draft.
class ConnectionDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConnectionDraft belongs to FeedEditor")
    Q_PROPERTY(QVariantList headers READ headers WRITE setHeaders NOTIFY changed) // [{name, value}]
    // "system", "none" or a proxy URL; proxyShown is the same with its password masked.
    Q_PROPERTY(QString proxy READ proxy WRITE setProxy NOTIFY changed)
    Q_PROPERTY(QString proxyShown READ proxyShown NOTIFY changed)
    // "subprotocols" as typed: names separated by commas.
    Q_PROPERTY(QString subprotocols READ subprotocolsText WRITE setSubprotocolsText NOTIFY changed)
    // "feeddeck" (FeedDeck's own WebSocket client) or "qtwebsockets" (Qt's QWebSocket).
    Q_PROPERTY(QString transport READ transport WRITE setTransport NOTIFY changed)
    // How messages travel: "auto"/"off" (permessage-deflate), "text"/"gzip"/"deflate"/"zlib" (binary frames).
    Q_PROPERTY(QString compression READ compression WRITE setCompression NOTIFY changed)
    Q_PROPERTY(QString payload READ payload WRITE setPayload NOTIFY changed)

public:
    // `edited` runs after each change to the draft (the editor checks the feed again).
    ConnectionDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent = nullptr);

    // Takes the draft's values afresh (a feed was opened or reverted).
    void reload();
    // A header row with a value but no name, which would be dropped silently.
    [[nodiscard]] std::optional<QString> headerProblem() const;

    [[nodiscard]] QVariantList headers() const { return m_headers; }
    void setHeaders(const QVariantList &headers);
    [[nodiscard]] QString proxy() const { return m_draft.config.proxy; }
    void setProxy(const QString &proxy);
    [[nodiscard]] QString proxyShown() const;
    [[nodiscard]] QString subprotocolsText() const;
    void setSubprotocolsText(const QString &text);
    [[nodiscard]] QString transport() const { return m_draft.config.transport; }
    void setTransport(const QString &name);
    [[nodiscard]] QString compression() const;
    void setCompression(const QString &name);
    [[nodiscard]] QString payload() const;
    void setPayload(const QString &name);

signals:
    void changed();

private:
    void edited();

    FeedDraft &m_draft;
    std::function<void()> m_edited;
    QVariantList m_headers;      // as edited, including half-typed rows
    QString m_subprotocolsText;  // as typed, so a trailing comma survives while typing
};

} // namespace feeddeck::app::editor
