#pragma once

#include "core/store/SeriesHistory.h"

#include <QAbstractListModel>
#include <QColor>
#include <QHash>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::chart {

// The charted series, in the order they were added: what the legend shows
// ("Crypto · BTC-USD · price", its colour) and how many points the history holds.
// ChartController owns and edits it; views only read it.
class ChartSeriesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ChartSeriesModel belongs to ChartController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1, // "Crypto · BTC-USD · price"
        SeriesColorRole,
        FeedIdRole,
        SymbolRole,
        FieldRole,
        RetainedRole,                // points the history holds for the series
    };
    Q_ENUM(Role)

    struct Entry
    {
        store::SeriesKey key;
        QColor colour;
        qint64 retained = 0;
    };

    explicit ChartSeriesModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int count() const { return int(m_entries.size()); }
    [[nodiscard]] const Entry &at(int row) const { return m_entries.at(row); }
    [[nodiscard]] int indexOf(const store::SeriesKey &key) const;
    [[nodiscard]] QString nameAt(int row) const;
    // What the charted values are in, for the value axis: "price · USD", "price / bid · USD, EUR".
    [[nodiscard]] QString valueTitle() const;
    // The currency a pair's prices are quoted in: "USD" for BTC-USD, "USDT" for BTCUSDT;
    // empty when the symbol does not say.
    [[nodiscard]] static QString quoteCurrency(const QString &symbol);

    void append(const Entry &entry);
    void remove(int row);
    void clear();
    // One dataChanged over the rows whose count moved.
    void setRetained(const QList<qint64> &retainedPerRow);
    // Feed ids to the names people gave them; unknown ids show as the id.
    void setFeedNames(const QHash<QString, QString> &names);

signals:
    void countChanged();

private:
    QList<Entry> m_entries;
    QHash<QString, QString> m_feedNames;
};

} // namespace feeddeck::app::chart
