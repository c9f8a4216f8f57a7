#include "app/editor/SymbolListModel.h"

namespace feeddeck::app::editor {

SymbolListModel::SymbolListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int SymbolListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_symbols.size());
}

QVariant SymbolListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &symbol = m_symbols.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SymbolRole:
        return symbol;
    case RejectedRole:
        return reasonFor(symbol);
    default:
        return {};
    }
}

QHash<int, QByteArray> SymbolListModel::roleNames() const
{
    return {{SymbolRole, "symbol"}, {RejectedRole, "rejected"}};
}

QString SymbolListModel::reasonFor(const QString &symbol) const
{
    // Binance shows (and rejects) symbols upper-case whatever case the user typed.
    const auto it = m_rejected.constFind(symbol);
    if (it != m_rejected.cend())
        return *it;
    return m_rejected.value(symbol.toUpper());
}

int SymbolListModel::rejectedCount() const
{
    return int(std::count_if(m_symbols.cbegin(), m_symbols.cend(),
                             [this](const QString &s) { return !reasonFor(s).isEmpty(); }));
}

void SymbolListModel::setSymbols(const QStringList &symbols)
{
    if (symbols == m_symbols)
        return;
    const bool countMoved = symbols.size() != m_symbols.size();
    beginResetModel();
    m_symbols = symbols;
    endResetModel();
    if (countMoved)
        emit countChanged();
    emit rejectedChanged();
}

void SymbolListModel::setRejected(const QMap<QString, QString> &rejected)
{
    if (rejected == m_rejected)
        return;
    m_rejected = rejected;
    if (!m_symbols.isEmpty())
        emit dataChanged(index(0), index(int(m_symbols.size()) - 1), {RejectedRole});
    emit rejectedChanged();
}

} // namespace feeddeck::app::editor
