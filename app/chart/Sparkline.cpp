#include "app/chart/Sparkline.h"

#include <QPainter>
#include <QQuickWindow>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGRenderNode>
#include <QSGRendererInterface>

#include <algorithm>
#include <cmath>
#include <limits>

namespace feeddeck::app::chart {

namespace {

// The software renderer draws no geometry nodes: it paints render nodes with its QPainter.
class SparklinePainterNode final : public QSGRenderNode
{
public:
    explicit SparklinePainterNode(QQuickWindow *window)
        : m_window(window)
    {
    }

    void set(const QList<QPointF> &segments, const QColor &color, qreal width, const QRectF &bounds)
    {
        m_segments = segments;
        m_color = color;
        m_width = width;
        m_bounds = bounds;
        markDirty(QSGNode::DirtyMaterial);
    }

    void render(const RenderState *state) override
    {
        auto *painter = static_cast<QPainter *>(
            m_window->rendererInterface()->getResource(m_window, QSGRendererInterface::PainterResource));
        if (!painter || m_segments.isEmpty())
            return;
        painter->save();
        if (const QRegion *clip = state->clipRegion(); clip && !clip->isEmpty())
            painter->setClipRegion(*clip, Qt::ReplaceClip); // before the transform: the clip is in window pixels
        painter->setTransform(matrix()->toTransform());
        painter->setOpacity(inheritedOpacity());
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(m_color, m_width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->drawLines(m_segments.constData(), int(m_segments.size() / 2));
        painter->restore();
    }

    [[nodiscard]] StateFlags changedStates() const override { return {}; }
    [[nodiscard]] RenderingFlags flags() const override { return BoundedRectRendering; }
    [[nodiscard]] QRectF rect() const override { return m_bounds; }

private:
    QQuickWindow *m_window;
    QList<QPointF> m_segments;
    QColor m_color;
    qreal m_width = 1.0;
    QRectF m_bounds;
};

QSGGeometryNode *makeSparklineGeometryNode()
{
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_Point2D(), 0);
    geometry->setDrawingMode(QSGGeometry::DrawLines);
    node->setGeometry(geometry);
    node->setMaterial(new QSGFlatColorMaterial);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

void fillSparklineGeometry(QSGGeometryNode &node, const QList<QPointF> &segments, const QColor &color, qreal width)
{
    QSGGeometry *geometry = node.geometry();
    geometry->allocate(int(segments.size()));
    geometry->setLineWidth(float(width));
    QSGGeometry::Point2D *v = geometry->vertexDataAsPoint2D();
    for (qsizetype i = 0; i < segments.size(); ++i)
        v[i].set(float(segments.at(i).x()), float(segments.at(i).y()));
    auto *material = static_cast<QSGFlatColorMaterial *>(node.material());
    material->setColor(color);
    node.markDirty(QSGNode::DirtyGeometry | QSGNode::DirtyMaterial);
}

} // namespace

Sparkline::Sparkline(QQuickItem *parent)
    : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void Sparkline::setPoints(const QList<QPointF> &points)
{
    if (points == m_points)
        return;
    m_points = points;
    const auto finite = [](const QPointF &p) { return std::isfinite(p.y()); };
    const auto first = std::find_if(m_points.cbegin(), m_points.cend(), finite);
    const auto last = std::find_if(m_points.crbegin(), m_points.crend(), finite);
    m_direction = segmentsFor(m_points, QRectF(0, 0, 1, 1)).isEmpty() ? 0 : last->y() >= first->y() ? 1 : -1;
    update();
    emit pointsChanged();
}

void Sparkline::setColor(const QColor &color)
{
    if (color == m_color)
        return;
    m_color = color;
    update();
    emit colorChanged();
}

void Sparkline::setLineWidth(qreal width)
{
    width = std::clamp(width, 0.5, 8.0);
    if (qFuzzyCompare(width, m_lineWidth))
        return;
    m_lineWidth = width;
    update();
    emit lineWidthChanged();
}

QList<QPointF> Sparkline::segmentsFor(const QList<QPointF> &points, const QRectF &box)
{
    double minX = std::numeric_limits<double>::infinity();
    double maxX = -minX;
    double minY = minX;
    double maxY = -minX;
    for (const QPointF &p : points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            continue;
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    QList<QPointF> out;
    if (!(minX <= maxX) || box.isEmpty())
        return out;
    const auto place = [&](const QPointF &p) {
        const double x = maxX > minX ? box.left() + (p.x() - minX) / (maxX - minX) * box.width() : box.center().x();
        const double y = maxY > minY ? box.bottom() - (p.y() - minY) / (maxY - minY) * box.height() : box.center().y();
        return QPointF(x, y);
    };
    const QPointF *previous = nullptr;
    for (const QPointF &p : points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
            previous = nullptr; // a gap: the next point starts a new run
            continue;
        }
        if (previous) {
            out.append(place(*previous));
            out.append(place(p));
        }
        previous = &p;
    }
    return out;
}

QList<QPointF> Sparkline::segments() const
{
    const qreal inset = m_lineWidth / 2 + 0.5;
    return segmentsFor(m_points, QRectF(0, 0, width(), height()).adjusted(inset, inset, -inset, -inset));
}

void Sparkline::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        update();
}

QSGNode *Sparkline::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    const QList<QPointF> lines = segments();
    if (lines.isEmpty()) {
        delete oldNode;
        return nullptr;
    }
    QQuickWindow *w = window();
    const bool software = w && w->rendererInterface()->graphicsApi() == QSGRendererInterface::Software;
    if (software) {
        auto *node = oldNode && oldNode->type() == QSGNode::RenderNodeType ? static_cast<SparklinePainterNode *>(oldNode)
                                                                           : nullptr;
        if (!node) {
            delete oldNode;
            node = new SparklinePainterNode(w);
        }
        node->set(lines, m_color, m_lineWidth, QRectF(0, 0, width(), height()));
        return node;
    }
    auto *node = oldNode && oldNode->type() == QSGNode::GeometryNodeType ? static_cast<QSGGeometryNode *>(oldNode)
                                                                         : nullptr;
    if (!node) {
        delete oldNode;
        node = makeSparklineGeometryNode();
    }
    fillSparklineGeometry(*node, lines, m_color, m_lineWidth);
    return node;
}

} // namespace feeddeck::app::chart
