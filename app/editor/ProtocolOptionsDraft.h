#pragma once

#include "app/editor/FeedDraft.h"

#include <QJsonValue>
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace feeddeck::app::editor {

// The feed editor's protocol section: the options of the draft's protocol (Coinbase channels,
// Binance streams, a relay's history and NATS credentials), with the choices and defaults the
// codec registry describes.
class ProtocolOptionsDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ProtocolOptionsDraft belongs to FeedEditor")
    Q_PROPERTY(QStringList protocols READ protocols CONSTANT)
    Q_PROPERTY(QStringList coinbaseChannels READ coinbaseChannels CONSTANT)
    Q_PROPERTY(QStringList binanceStreams READ binanceStreams CONSTANT)
    Q_PROPERTY(QStringList channels READ channels WRITE setChannels NOTIFY changed) // Coinbase
    Q_PROPERTY(QStringList streams READ streams WRITE setStreams NOTIFY changed)    // Binance
    // A nats feed (a FeedDeck relay): read the stored history first, and the NATS credentials
    // (each may hold ${env:NAME}; empty: left out of the file).
    Q_PROPERTY(bool natsHistory READ natsHistory WRITE setNatsHistory NOTIFY changed)
    Q_PROPERTY(QString natsUser READ natsUser WRITE setNatsUser NOTIFY changed)
    Q_PROPERTY(QString natsPassword READ natsPassword WRITE setNatsPassword NOTIFY changed)
    Q_PROPERTY(QString natsToken READ natsToken WRITE setNatsToken NOTIFY changed)

public:
    // `edited` runs after each change to the draft (the editor checks the feed again).
    ProtocolOptionsDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent = nullptr);

    // Takes the draft's values afresh (a feed was opened, reverted or switched protocol).
    void reload() { emit changed(); }

    [[nodiscard]] static QStringList protocols();
    [[nodiscard]] static QStringList coinbaseChannels();
    [[nodiscard]] static QStringList binanceStreams();

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

signals:
    void changed();

private:
    [[nodiscard]] QString textOption(const QString &key) const;
    // Sets options.<key>, or removes it when `text` is empty.
    void setTextOption(const QString &key, const QString &text);
    // options.<key> = value; an undefined value removes the key.
    void setOption(const QString &key, const QJsonValue &value);

    FeedDraft &m_draft;
    std::function<void()> m_edited;
};

} // namespace feeddeck::app::editor
