#pragma once

#include "core/feed/EngineBatch.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::health {

// The last problems of every feed (refused symbols, server errors, bad messages,
// failures), newest first, each with a hint of what to do. Bounded by the workspace's
// "max_problems" (setMaxProblems); the oldest lines go first.
class ProblemListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ProblemListModel is provided by the application")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    static constexpr int kDefaultMaxProblems = 200;

    enum Role { TimeRole = Qt::UserRole + 1, TextRole, HintRole };

    explicit ProblemListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return int(m_problems.size()); }
    [[nodiscard]] int maxProblems() const noexcept { return m_maxProblems; }
    // Keeps at most `lines` (at least 1) problems, dropping the oldest beyond it now.
    void setMaxProblems(int lines);

    void applyBatch(const feed::EngineBatchPtr &batch);
    Q_INVOKABLE void clear();

    // What to do about a problem, in plain words ("Check the symbol's spelling...").
    [[nodiscard]] static QString hintFor(const QString &problem);

signals:
    void countChanged();

private:
    struct Problem
    {
        qint64 atMs;
        QString text;
        QString hint;
        QString feedId = {}; // set on the one line of a feed that keeps failing to connect
    };
    void dropOldestBeyond(qsizetype keep);
    void insertNewest(const QList<Problem> &problems); // given oldest first
    // One line per feed that keeps failing to connect, updated with each attempt, not repeated.
    void noteFailingFeeds(const feed::EngineBatch &batch);

    QList<Problem> m_problems; // newest first
    int m_maxProblems = kDefaultMaxProblems;
};

} // namespace feeddeck::app::health
