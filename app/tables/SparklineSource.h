#pragma once

#include "core/feed/SeriesQuery.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::feed {
class FeedManager;
}
namespace feeddeck::app::display {
class DisplayClock;
}

namespace feeddeck::app::tables {

class QuoteTableModel;

// The Quotes view's trend column, on the GUI thread: about once a second, while the view is on
// screen, it asks the network thread's history for the last few minutes of `price` of the rows
// in view (at most kMaxRows), decimated to kColumns min/max columns, and hands the lines to the
// quotes model in one piece (QuoteTableModel::setSparklines). One request in flight at most, on
// the window's display clock; rows scrolled into view or a new window are asked for soon.
class SparklineSource : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SparklineSource is provided by the application")
    // Off while the Quotes view is not on screen: no requests.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    // The span of the lines, one of minuteChoices.
    Q_PROPERTY(int minutes READ minutes WRITE setMinutes NOTIFY minutesChanged)
    Q_PROPERTY(QList<int> minuteChoices READ minuteChoices CONSTANT)
    // The rows as the view orders them (its filter model; the quotes model when unset), and
    // the range in view. lastRow < 0: every row from firstRow, up to kMaxRows.
    Q_PROPERTY(QAbstractItemModel *rows READ rows WRITE setRows NOTIFY rowsChanged)
    Q_PROPERTY(int firstRow READ firstRow WRITE setFirstRow NOTIFY rowRangeChanged)
    Q_PROPERTY(int lastRow READ lastRow WRITE setLastRow NOTIFY rowRangeChanged)

public:
    static constexpr int kMaxRows = 200;
    static constexpr int kColumns = 48;
    static constexpr int kRefreshMs = 1000;
    // After the rows in view or the window changed: asked again this soon (not sooner, so a
    // scroll does not become a request a frame).
    static constexpr int kSoonMs = 150;

    SparklineSource(feed::FeedManager &feeds, display::DisplayClock &clock, QuoteTableModel &quotes,
                    QObject *parent = nullptr);

    [[nodiscard]] bool isActive() const noexcept { return m_active; }
    void setActive(bool active);
    [[nodiscard]] int minutes() const noexcept { return m_minutes; }
    void setMinutes(int minutes);
    [[nodiscard]] static QList<int> minuteChoices() { return {1, 5, 15}; }
    [[nodiscard]] QAbstractItemModel *rows() const { return m_rows; }
    void setRows(QAbstractItemModel *rows);
    [[nodiscard]] int firstRow() const noexcept { return m_firstRow; }
    void setFirstRow(int row);
    [[nodiscard]] int lastRow() const noexcept { return m_lastRow; }
    void setLastRow(int row);

    [[nodiscard]] bool isInFlight() const noexcept { return m_inFlight; }
    [[nodiscard]] quint64 requestCount() const noexcept { return m_requests; }

signals:
    void activeChanged();
    void minutesChanged();
    void rowsChanged();
    void rowRangeChanged();
    // A request went out for `series` lines; its answer reached the model.
    void requested(int series);
    void refreshed();

private:
    void onFrame();
    void onSlices(const feed::SeriesSlices &slices, qint64 fromMs);
    void markDirty();
    [[nodiscard]] QList<store::SeriesKey> keysInView() const;

    feed::FeedManager &m_feeds;
    QuoteTableModel &m_quotes;
    QPointer<QAbstractItemModel> m_rows;
    QList<QMetaObject::Connection> m_rowsConnections;
    bool m_active = true;
    int m_minutes = 5;
    int m_firstRow = 0;
    int m_lastRow = -1;
    bool m_inFlight = false;
    bool m_dirty = true;
    QElapsedTimer m_sinceRequest; // invalid before the first request
    quint64 m_requests = 0;
};

} // namespace feeddeck::app::tables
