#pragma once

#include <QAbstractListModel>
#include <QMap>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::editor {

// A feed's subscriptions in the editor, in order, each with the server's reason when
// the server refused it. FeedEditor owns it and decides when edits reach the feed.
class SymbolListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SymbolListModel belongs to FeedEditor")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int rejectedCount READ rejectedCount NOTIFY rejectedChanged)

public:
    enum Role {
        SymbolRole = Qt::UserRole + 1,
        RejectedRole, // the server's reason, or "" while it is accepted
    };
    Q_ENUM(Role)

    explicit SymbolListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int count() const { return int(m_symbols.size()); }
    [[nodiscard]] const QStringList &symbols() const noexcept { return m_symbols; }
    [[nodiscard]] int rejectedCount() const;
    Q_INVOKABLE QString symbolAt(int row) const { return m_symbols.value(row); }

    void setSymbols(const QStringList &symbols);
    // Symbols as the server rejected them, keyed the way the feed shows them (Binance upper-case).
    void setRejected(const QMap<QString, QString> &rejected);

signals:
    void countChanged();
    void rejectedChanged();

private:
    [[nodiscard]] QString reasonFor(const QString &symbol) const;

    QStringList m_symbols;
    QMap<QString, QString> m_rejected;
};

} // namespace feeddeck::app::editor
