#include "app/chart/DerivedSeriesDraft.h"

#include "app/chart/ChartBoard.h"
#include "app/chart/ChartController.h"
#include "app/editor/WorkspaceDocument.h"
#include "core/store/DerivedPresets.h"
#include "core/store/Expression.h"
#include "core/workspace/DerivedSeriesConfig.h"
#include "core/workspace/KnownFeeds.h"

#include <QVariantMap>

namespace feeddeck::app::chart {

DerivedSeriesDraft::DerivedSeriesDraft(ChartBoard &charts, editor::WorkspaceDocument &document, QObject *parent)
    : QObject(parent)
    , m_charts(charts)
    , m_document(document)
{
    const auto refresh = [this] {
        emit inputsChanged();
        emit savedChanged();
        emit changed();
    };
    connect(&m_charts, &ChartBoard::seriesCountChanged, this, refresh);
    connect(&m_charts, &ChartBoard::currentChanged, this, refresh);
    connect(&m_document, &editor::WorkspaceDocument::changed, this, &DerivedSeriesDraft::savedChanged);
}

ChartController &DerivedSeriesDraft::panel() const
{
    return *m_charts.current();
}

void DerivedSeriesDraft::begin()
{
    m_formula.clear();
    m_preset.clear();
    m_saveProblem.clear();
    m_nameEdited = false;
    suggestName();
    emit inputsChanged();
    emit changed();
}

QList<int> DerivedSeriesDraft::inputRows() const
{
    QList<int> rows;
    const ChartSeriesModel &model = *panel().series();
    for (int row = 0; row < model.count() && rows.size() < 26; ++row) {
        if (model.at(row).key.feedId != workspace::kDerivedFeed)
            rows.append(row);
    }
    return rows;
}

QStringList DerivedSeriesDraft::letters() const
{
    QStringList out;
    const qsizetype n = inputRows().size();
    for (qsizetype i = 0; i < n; ++i)
        out.append(QString(QChar(u'a' + int(i))));
    return out;
}

QVariantList DerivedSeriesDraft::inputs() const
{
    QVariantList out;
    const ChartSeriesModel &model = *panel().series();
    const QList<int> rows = inputRows();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        out.append(QVariantMap{{QStringLiteral("letter"), QString(QChar(u'a' + int(i)))},
                               {QStringLiteral("name"), model.nameAt(rows.at(i))},
                               {QStringLiteral("seriesColor"), model.at(rows.at(i)).colour}});
    }
    return out;
}

QStringList DerivedSeriesDraft::presets()
{
    QStringList names;
    for (const store::DerivedPreset &preset : store::derivedPresets())
        names.append(preset.name);
    return names;
}

QString DerivedSeriesDraft::presetSymbol() const
{
    const QList<int> rows = inputRows();
    return rows.isEmpty() ? QString() : panel().series()->at(rows.constFirst()).key.symbol;
}

QString DerivedSeriesDraft::presetFormula() const
{
    const auto preset = store::derivedPreset(m_preset);
    return preset ? preset->expression : QString();
}

void DerivedSeriesDraft::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    m_nameEdited = true;
    m_saveProblem.clear();
    emit changed();
}

void DerivedSeriesDraft::setFormula(const QString &formula)
{
    if (formula == m_formula)
        return;
    m_formula = formula;
    m_saveProblem.clear();
    emit changed();
}

void DerivedSeriesDraft::setPreset(const QString &preset)
{
    if (preset == m_preset || (!preset.isEmpty() && !store::derivedPreset(preset)))
        return;
    m_preset = preset;
    m_saveProblem.clear();
    suggestName();
    emit changed();
}

void DerivedSeriesDraft::suggestName()
{
    if (m_nameEdited)
        return;
    const QString symbol = presetSymbol();
    m_name = m_document.freeDerivedId(!m_preset.isEmpty() && !symbol.isEmpty()
                                          ? QStringLiteral("%1-%2").arg(symbol, m_preset)
                                          : QStringLiteral("derived"));
}

QString DerivedSeriesDraft::nameProblem() const
{
    if (m_name.isEmpty())
        return tr("Give the series a name, such as btc-mid.");
    if (!workspace::isWorkspaceId(m_name))
        return tr("Use only letters, digits, \"_\", \".\" and \"-\" in the name, such as btc-mid.");
    if (m_document.derivedSeries(m_name))
        return tr("A derived series is already named %1; choose another name.").arg(m_name);
    return {};
}

QString DerivedSeriesDraft::formulaProblem() const
{
    const QStringList bound = letters();
    if (!m_preset.isEmpty())
        return bound.isEmpty() ? tr("Chart a symbol first: the preset is computed for the first charted series.")
                               : QString();
    if (bound.isEmpty())
        return tr("Chart the series to compute from first: they are named a, b, c in the formula.");
    if (m_formula.trimmed().isEmpty())
        return tr("Write a formula over %1, such as %2.")
            .arg(bound.join(QStringLiteral(", ")),
                 bound.size() > 1 ? QStringLiteral("(a - b) / b * 100") : QStringLiteral("ma(a, 30s)"));
    const store::ExpressionParse parsed = store::Expression::parse(m_formula, bound);
    return parsed.ok() ? QString() : parsed.error.text();
}

bool DerivedSeriesDraft::isAcceptable() const
{
    return nameProblem().isEmpty() && formulaProblem().isEmpty();
}

bool DerivedSeriesDraft::accept()
{
    if (!isAcceptable())
        return false;
    const ChartSeriesModel &model = *panel().series();
    const QList<int> rows = inputRows();
    workspace::DerivedSeriesConfig series;
    series.id = m_name;
    if (!m_preset.isEmpty()) {
        const store::SeriesKey &key = model.at(rows.constFirst()).key;
        series.preset = m_preset;
        series.feed = key.feedId;
        series.symbol = key.symbol;
    } else {
        series.expression = m_formula.trimmed();
        // Only the series the formula reads are its inputs.
        const store::ExpressionParse parsed = store::Expression::parse(series.expression, letters());
        for (const QString &letter : parsed.expression->inputs()) {
            const store::SeriesKey &key = model.at(rows.at(letter.at(0).unicode() - u'a')).key;
            series.inputs.append(workspace::DerivedInput{
                .name = letter, .feed = key.feedId, .symbol = key.symbol, .field = key.field, .extra = {}});
        }
    }
    m_saveProblem = m_document.addDerivedSeries(series);
    if (!m_saveProblem.isEmpty()) {
        emit changed();
        return false;
    }
    panel().addSeries(workspace::kDerivedFeed, series.id, workspace::kDerivedField);
    return true;
}

QVariantList DerivedSeriesDraft::saved() const
{
    QVariantList out;
    for (const workspace::DerivedSeriesConfig &series : m_document.workspace().derived) {
        const store::SeriesKey key{.feedId = workspace::kDerivedFeed, .symbol = series.id, .field = workspace::kDerivedField};
        out.append(QVariantMap{{QStringLiteral("id"), series.id},
                               {QStringLiteral("description"), series.describe()},
                               {QStringLiteral("charted"), panel().series()->indexOf(key) >= 0}});
    }
    return out;
}

void DerivedSeriesDraft::chart(const QString &id)
{
    panel().addSeries(workspace::kDerivedFeed, id, workspace::kDerivedField);
}

bool DerivedSeriesDraft::remove(const QString &id)
{
    const store::SeriesKey key{.feedId = workspace::kDerivedFeed, .symbol = id, .field = workspace::kDerivedField};
    if (const int row = panel().series()->indexOf(key); row >= 0)
        panel().removeSeries(row);
    const bool removed = m_document.removeDerivedSeries(id);
    if (removed)
        suggestName(); // its name is free again
    return removed;
}

} // namespace feeddeck::app::chart
