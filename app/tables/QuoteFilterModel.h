#pragma once

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::tables {

// What one table shows of the quotes: rows whose feed or symbol contains the filter
// text (case-insensitive), optionally of one feed, sorted by any column (numbers as numbers).
class QuoteFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)
    Q_PROPERTY(QString feedId READ feedId WRITE setFeedId NOTIFY feedIdChanged)
    Q_PROPERTY(int sortColumn READ sortColumn NOTIFY sortChanged)
    Q_PROPERTY(Qt::SortOrder sortOrder READ sortOrder NOTIFY sortChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool marketOnly READ marketOnly WRITE setMarketOnly NOTIFY marketOnlyChanged)

public:
    explicit QuoteFilterModel(QObject *parent = nullptr);

    [[nodiscard]] QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    [[nodiscard]] QString feedId() const { return m_feedId; }
    void setFeedId(const QString &feedId);
    [[nodiscard]] int count() const { return rowCount(); }
    // Only rows with a price, bid or ask: stock rows belong to the Inventory view.
    [[nodiscard]] bool marketOnly() const { return m_marketOnly; }
    void setMarketOnly(bool marketOnly);

    // A click on a column header: sort by it, or flip the order when it already sorts.
    // The trend column does not sort.
    Q_INVOKABLE void sortBy(int column);
    // The source row of a visible row, for actions such as "chart this".
    Q_INVOKABLE QString feedIdAt(int row) const;
    Q_INVOKABLE QString symbolAt(int row) const;

signals:
    void filterTextChanged();
    void feedIdChanged();
    void sortChanged();
    void countChanged();
    void marketOnlyChanged();

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filterText;
    QString m_feedId;
    bool m_marketOnly = false;
};

} // namespace feeddeck::app::tables
