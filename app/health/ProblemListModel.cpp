#include "app/health/ProblemListModel.h"

#include <QDateTime>

#include <algorithm>

namespace feeddeck::app::health {

ProblemListModel::ProblemListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int ProblemListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

QHash<int, QByteArray> ProblemListModel::roleNames() const
{
    return {{TimeRole, "time"}, {TextRole, "text"}, {HintRole, "hint"}};
}

QVariant ProblemListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Problem &p = m_problems.at(index.row());
    switch (role) {
    case TimeRole: return QDateTime::fromMSecsSinceEpoch(p.atMs).toString(QStringLiteral("HH:mm:ss"));
    case Qt::DisplayRole:
    case TextRole: return p.text;
    case HintRole: return p.hint;
    default: return {};
    }
}

QString ProblemListModel::hintFor(const QString &problem)
{
    const auto has = [&problem](const char *text) { return problem.contains(QLatin1String(text), Qt::CaseInsensitive); };
    // First: these lines quote the bound, which may look like a code matched below.
    if (has("max_rows"))
        return tr("Raise max_rows for this feed (Advanced) if its server really has that many symbols.");
    if (has("max_symbol_bytes"))
        return tr("Raise max_symbol_bytes for this feed (Advanced) if its symbols really are that long.");
    if (has("TLS") || has("certificate") || has("SSL"))
        return tr("Check the server's certificate, or name its CA in the feed's ca_file.");
    if (has("cannot connect") && !has("401") && !has("403"))
        return tr("Check the feed's URL, that the server is running and that this computer can reach it; "
                  "FeedDeck keeps retrying.");
    if (has("not a valid product") || has("invalid symbol") || has("unknown sku")
        || (has("server refused") && !has("upgrade")))
        return tr("Check the symbol's spelling against the venue's list, then edit the feed's symbols.");
    if (has("${env:"))
        return tr("Set the environment variable before starting FeedDeck.");
    if (has("1008") || has("401") || has("403") || has("authentication"))
        return tr("Check the feed's credentials (headers) and rate limits.");
    if (has("max_message_bytes") || has("1009"))
        return tr("Raise max_message_bytes for this feed if such large messages are expected.");
    if (has("bad message"))
        return tr("The server sent something FeedDeck could not read; only that message was skipped.");
    if (has("connection refused") || has("host not found") || has("handshake"))
        return tr("Check the feed's URL and that the server is running; FeedDeck keeps retrying.");
    if (has("no data for"))
        return tr("The server went silent; FeedDeck reconnected and resubscribed by itself.");
    return tr("FeedDeck keeps retrying; see the feed's state for what happens next.");
}

void ProblemListModel::applyBatch(const feed::EngineBatchPtr &batch)
{
    QList<Problem> lines;
    lines.reserve(batch->problems.size());
    for (const QString &text : batch->problems)
        lines.append(Problem{batch->atMs, text, hintFor(text)});
    insertNewest(lines);
    noteFailingFeeds(*batch);
}

void ProblemListModel::insertNewest(const QList<Problem> &problems)
{
    if (problems.isEmpty())
        return;
    const qsizetype incoming = std::min<qsizetype>(problems.size(), m_maxProblems);
    dropOldestBeyond(m_maxProblems - incoming);
    beginInsertRows({}, 0, int(incoming) - 1);
    // Given oldest first; the view shows newest first.
    for (qsizetype i = 0; i < incoming; ++i)
        m_problems.insert(i, problems.at(problems.size() - 1 - i));
    endInsertRows();
    emit countChanged();
}

void ProblemListModel::noteFailingFeeds(const feed::EngineBatch &batch)
{
    for (const feed::FeedStatus &status : batch.feeds) {
        // A Failed feed said why when it failed; a retrying one that keeps failing gets one line.
        if (!feed::isFailing(status) || status.state == feed::FeedState::Failed)
            continue;
        const QString text = tr("%1: cannot connect, %2 attempts in a row failed; the last: %3")
                                 .arg(status.name)
                                 .arg(status.failedAttemptsInARow)
                                 .arg(status.lastError);
        const auto line = std::find_if(m_problems.begin(), m_problems.end(),
                                       [&status](const Problem &p) { return p.feedId == status.id; });
        if (line == m_problems.end()) {
            insertNewest({Problem{batch.atMs, text, hintFor(text), status.id}});
        } else if (line->text != text) {
            line->atMs = batch.atMs;
            line->text = text;
            line->hint = hintFor(text);
            const QModelIndex at = index(int(line - m_problems.begin()));
            emit dataChanged(at, at, {TimeRole, TextRole, HintRole, Qt::DisplayRole});
        }
    }
}

void ProblemListModel::setMaxProblems(int lines)
{
    m_maxProblems = std::max(1, lines);
    if (m_problems.size() > m_maxProblems) {
        dropOldestBeyond(m_maxProblems);
        emit countChanged();
    }
}

void ProblemListModel::dropOldestBeyond(qsizetype keep)
{
    if (keep >= m_problems.size())
        return;
    beginRemoveRows({}, int(keep), int(m_problems.size()) - 1);
    m_problems.resize(keep);
    endRemoveRows();
}

void ProblemListModel::clear()
{
    beginResetModel();
    m_problems.clear();
    endResetModel();
    emit countChanged();
}

} // namespace feeddeck::app::health
