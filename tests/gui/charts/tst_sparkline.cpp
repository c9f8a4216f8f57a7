// The trend column's small line: segments split at gaps, scaled to the item's box, held in a
// geometry node (lines, flat colour), and drawn by the software renderer too.
#include "app/chart/Sparkline.h"

#include <QQuickWindow>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>

using feeddeck::app::chart::Sparkline;

namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();

// Reaches the scene-graph hook the way the render loop does.
class SparklineProbe : public Sparkline
{
public:
    using Sparkline::updatePaintNode;
};

int strongPixels(const QImage &image, const QColor &colour, const QRect &area)
{
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < 40 && std::abs(c.green() - colour.green()) < 40
                && std::abs(c.blue() - colour.blue()) < 40)
                ++count;
        }
    return count;
}

} // namespace

class TstSparkline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QQuickWindow::setGraphicsApi(QSGRendererInterface::Software); }
    void aGapSplitsTheLineIntoSegments();
    void theLineIsScaledToItsBoxByItsOwnExtent();
    void fewerThanTwoPointsInARunDrawNothing();
    void aFlatLineRunsThroughTheMiddle();
    void directionComparesTheLastValueWithTheFirst();
    void theGeometryNodeHoldsTheSegmentsAsLines();
    void theSoftwareRendererDrawsTheLineInItsColour();
};

void TstSparkline::aGapSplitsTheLineIntoSegments()
{
    const QList<QPointF> points{{0, 1}, {1, 2}, {2, kGap}, {3, 3}, {4, 4}, {5, 2}};
    const QList<QPointF> s = Sparkline::segmentsFor(points, QRectF(0, 0, 50, 30));
    QCOMPARE(s.size(), 6); // (0-1) then, after the gap, (3-4) and (4-5): three segments, two ends each
    // Nothing crosses the gap: no segment starts at x(1) and ends at x(3).
    for (qsizetype i = 0; i < s.size(); i += 2)
        QVERIFY(!(qFuzzyCompare(s.at(i).x(), 10.0) && qFuzzyCompare(s.at(i + 1).x(), 30.0)));
    QCOMPARE(s.at(1).x(), 10.0);
    QCOMPARE(s.at(2).x(), 30.0); // the second run starts after the gap
    QCOMPARE(s.at(3), s.at(4));  // and is continuous
}

void TstSparkline::theLineIsScaledToItsBoxByItsOwnExtent()
{
    const QRectF box(4, 2, 100, 20);
    const QList<QPointF> s = Sparkline::segmentsFor({{1000, 50}, {1500, 60}, {3000, 40}}, box);
    QCOMPARE(s.size(), 4);
    QCOMPARE(s.at(0), QPointF(4, 12));   // the first time at the left, the middle value in the middle
    QCOMPARE(s.at(1), QPointF(29, 2));   // the highest value at the top
    QCOMPARE(s.at(3), QPointF(104, 22)); // the last time at the right, the lowest value at the bottom

    // The item insets its box by the stroke, so the line stays inside it.
    Sparkline item;
    item.setSize(QSizeF(80, 16));
    item.setLineWidth(2);
    item.setPoints({{0, 1}, {1, 2}});
    const QList<QPointF> inside = item.segments();
    QCOMPARE(inside.size(), 2);
    for (const QPointF &p : inside)
        QVERIFY(p.x() >= 1 && p.x() <= 79 && p.y() >= 1 && p.y() <= 15);
}

void TstSparkline::fewerThanTwoPointsInARunDrawNothing()
{
    const QRectF box(0, 0, 50, 20);
    QVERIFY(Sparkline::segmentsFor({}, box).isEmpty());
    QVERIFY(Sparkline::segmentsFor({{0, 5}}, box).isEmpty());
    QVERIFY(Sparkline::segmentsFor({{0, 5}, {1, kGap}, {2, 6}}, box).isEmpty());
    QVERIFY(Sparkline::segmentsFor({{0, kGap}, {1, kGap}}, box).isEmpty());

    SparklineProbe item;
    item.setSize(QSizeF(50, 20));
    item.setPoints({{0, 5}});
    QCOMPARE(item.direction(), 0);
    QCOMPARE(item.updatePaintNode(nullptr, nullptr), nullptr); // no node at all: an empty cell
}

void TstSparkline::aFlatLineRunsThroughTheMiddle()
{
    const QList<QPointF> s = Sparkline::segmentsFor({{0, 7}, {1, 7}, {2, 7}}, QRectF(0, 0, 40, 10));
    QCOMPARE(s.size(), 4);
    for (const QPointF &p : s)
        QCOMPARE(p.y(), 5.0);
    QCOMPARE(s.first().x(), 0.0);
    QCOMPARE(s.last().x(), 40.0);
}

void TstSparkline::directionComparesTheLastValueWithTheFirst()
{
    Sparkline item;
    QSignalSpy changed(&item, &Sparkline::pointsChanged);
    item.setPoints({{0, 10}, {1, 8}, {2, 12}, {3, kGap}});
    QCOMPARE(item.direction(), 1);
    item.setPoints({{0, kGap}, {1, 10}, {2, 12}, {3, 9.5}});
    QCOMPARE(item.direction(), -1);
    item.setPoints({{0, 10}, {1, 10}});
    QCOMPARE(item.direction(), 1); // unchanged counts as up
    item.setPoints({{0, 10}, {1, 10}});
    QCOMPARE(changed.size(), 3); // the same points again are no change
    item.setPoints({});
    QCOMPARE(item.direction(), 0);
}

void TstSparkline::theGeometryNodeHoldsTheSegmentsAsLines()
{
    SparklineProbe item;
    item.setSize(QSizeF(90, 20));
    item.setColor(QColor(0x22c55e));
    item.setPoints({{0, 1}, {1, 3}, {2, 2}, {3, kGap}, {4, 2}, {5, 5}});
    const QList<QPointF> expected = item.segments();
    QCOMPARE(expected.size(), 6);

    // Without a window (no software renderer to paint for) the item builds its geometry node.
    std::unique_ptr<QSGNode> node(item.updatePaintNode(nullptr, nullptr));
    QVERIFY(node);
    QCOMPARE(node->type(), QSGNode::GeometryNodeType);
    auto *geometryNode = static_cast<QSGGeometryNode *>(node.get());
    const QSGGeometry *g = geometryNode->geometry();
    QCOMPARE(g->drawingMode(), QSGGeometry::DrawLines);
    QCOMPARE(g->vertexCount(), int(expected.size()));
    QCOMPARE(g->lineWidth(), 1.0f);
    const QSGGeometry::Point2D *v = g->vertexDataAsPoint2D();
    for (int i = 0; i < g->vertexCount(); ++i) {
        QCOMPARE(v[i].x, float(expected.at(i).x()));
        QCOMPARE(v[i].y, float(expected.at(i).y()));
        QVERIFY(v[i].x >= 0 && v[i].x <= 90 && v[i].y >= 0 && v[i].y <= 20);
    }
    QCOMPARE(static_cast<QSGFlatColorMaterial *>(geometryNode->material())->color(), QColor(0x22c55e));

    // The node is reused for new points, and goes when there is nothing to draw.
    item.setPoints({{0, 1}, {1, 2}});
    QCOMPARE(item.updatePaintNode(node.get(), nullptr), node.get());
    QCOMPARE(geometryNode->geometry()->vertexCount(), 2);
    item.setPoints({});
    QCOMPARE(item.updatePaintNode(node.release(), nullptr), nullptr);
}

void TstSparkline::theSoftwareRendererDrawsTheLineInItsColour()
{
    QQuickWindow window;
    window.resize(120, 40);
    window.setColor(Qt::white);
    Sparkline line(window.contentItem());
    line.setSize(QSizeF(120, 40));
    line.setColor(Qt::red);
    line.setLineWidth(2);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.rendererInterface()->graphicsApi(), QSGRendererInterface::Software);

    const QRect all(0, 0, 120, 40);
    QCOMPARE(strongPixels(window.grabWindow(), Qt::red, all), 0); // no points: nothing drawn

    // Rising from the bottom-left corner to the top-right one.
    line.setPoints({{0, 1}, {1, 2}, {2, 3}});
    const QImage rising = window.grabWindow();
    QVERIFY(strongPixels(rising, Qt::red, all) > 100);
    QVERIFY(strongPixels(rising, Qt::red, QRect(0, 30, 15, 10)) > 0);  // bottom-left
    QVERIFY(strongPixels(rising, Qt::red, QRect(105, 0, 15, 10)) > 0); // top-right
    QCOMPARE(strongPixels(rising, Qt::red, QRect(0, 0, 30, 10)), 0);   // top-left stays empty
    QCOMPARE(strongPixels(rising, Qt::red, QRect(90, 30, 30, 10)), 0); // bottom-right too

    // A gap in the middle leaves its columns empty.
    line.setPoints({{0, 1}, {1, 2}, {2, kGap}, {3, 3}, {4, 4}});
    const QImage gapped = window.grabWindow();
    QCOMPARE(strongPixels(gapped, Qt::red, QRect(35, 0, 45, 40)), 0);
    QVERIFY(strongPixels(gapped, Qt::red, QRect(0, 0, 30, 40)) > 0);
    QVERIFY(strongPixels(gapped, Qt::red, QRect(90, 0, 30, 40)) > 0);
}

QTEST_MAIN(TstSparkline)
#include "tst_sparkline.moc"
