#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QString>
#include <QUrl>
#include <QWebSocket>

#include <functional>

// A WebSocket client for simulator tests: keeps every message, raw and parsed, in arrival order.
class SimTestClient : public QObject
{
public:
    struct Message
    {
        QString text;
        QJsonObject json;
    };

    explicit SimTestClient(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                ++unparsable;
            messages.append({text, document.object()});
        });
    }

    // Opens the connection and waits for the handshake (or its failure).
    bool open(const QUrl &url)
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(url);
        return connected.wait(5000);
    }

    void send(const QJsonObject &object)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }

    // Messages from index `from` on that satisfy `keep`.
    [[nodiscard]] QList<QJsonObject> select(const std::function<bool(const QJsonObject &)> &keep,
                                            qsizetype from = 0) const
    {
        QList<QJsonObject> selected;
        for (qsizetype i = from; i < messages.size(); ++i)
            if (keep(messages.at(i).json))
                selected.append(messages.at(i).json);
        return selected;
    }

    [[nodiscard]] QList<QJsonObject> ofType(const QString &type, qsizetype from = 0) const
    {
        return select([&type](const QJsonObject &o) { return o.value(QStringLiteral("type")).toString() == type; },
                      from);
    }

    // Messages of a type about one symbol (`key` names the symbol field).
    [[nodiscard]] QList<QJsonObject> ofType(const QString &type, const QString &key, const QString &symbol,
                                            qsizetype from = 0) const
    {
        return select(
            [&](const QJsonObject &o) {
                return o.value(QStringLiteral("type")).toString() == type && o.value(key).toString() == symbol;
            },
            from);
    }

    [[nodiscard]] qsizetype count(const QString &type, qsizetype from = 0) const { return ofType(type, from).size(); }

    // Index of the first message of `type` at or after `from`; -1 when none arrived yet.
    [[nodiscard]] qsizetype indexOf(const QString &type, qsizetype from = 0) const
    {
        for (qsizetype i = from; i < messages.size(); ++i)
            if (messages.at(i).json.value(QStringLiteral("type")).toString() == type)
                return i;
        return -1;
    }

    QWebSocket socket;
    QList<Message> messages;
    int unparsable = 0;
};
