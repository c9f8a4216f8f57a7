#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QQuickItem>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

namespace feeddeck::app::chart {

// A small line for a table cell (the Quotes view's trend column): points (x = time,
// y = value, a NaN value = a gap) scaled to the item's box by their own extent, drawn in
// one colour as line segments. A gap breaks the line, and a run of fewer than two points
// draws nothing, so a row without history shows nothing rather than a flat line.
// One scene-graph node per item, no QtCharts: a geometry node (lines, flat colour), or
// under the software renderer a node that paints the same segments.
class Sparkline : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QList<QPointF> points READ points WRITE setPoints NOTIFY pointsChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    Q_PROPERTY(qreal lineWidth READ lineWidth WRITE setLineWidth NOTIFY lineWidthChanged)
    // +1 when the last value is at or above the first, -1 when below, 0 when there is no line.
    Q_PROPERTY(int direction READ direction NOTIFY pointsChanged)

public:
    explicit Sparkline(QQuickItem *parent = nullptr);

    [[nodiscard]] QList<QPointF> points() const { return m_points; }
    void setPoints(const QList<QPointF> &points);
    [[nodiscard]] QColor color() const { return m_color; }
    void setColor(const QColor &color);
    [[nodiscard]] qreal lineWidth() const noexcept { return m_lineWidth; }
    void setLineWidth(qreal width);
    [[nodiscard]] int direction() const noexcept { return m_direction; }

    // The line's segments as pairs of ends, in `box`: x spans the points' time extent,
    // y their value extent (the highest at the top; a flat line in the middle).
    [[nodiscard]] static QList<QPointF> segmentsFor(const QList<QPointF> &points, const QRectF &box);
    // The segments for the item's current size, inset so the stroke stays inside it.
    [[nodiscard]] QList<QPointF> segments() const;

signals:
    void pointsChanged();
    void colorChanged();
    void lineWidthChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    QList<QPointF> m_points;
    QColor m_color = Qt::gray;
    qreal m_lineWidth = 1.0;
    int m_direction = 0;
};

} // namespace feeddeck::app::chart
