#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feeddeck::app::editor {
class WorkspaceDocument;
}

namespace feeddeck::app::chart {

class ChartBoard;
class ChartController;

// The Charts view's "New derived series" form: a name and either a formula over the series of
// the current chart panel (named a, b, c... in legend order) or a preset (mid, spread) of the first one's
// symbol. Says what is wrong where it was typed, as it is typed; accept() adds the series to
// the workspace (saved, computed on the network thread) and charts it.
class DerivedSeriesDraft : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DerivedSeriesDraft is provided by the application")
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY changed)
    Q_PROPERTY(QString formula READ formula WRITE setFormula NOTIFY changed)
    // "" for a formula of the user's own, else a preset's name.
    Q_PROPERTY(QString preset READ preset WRITE setPreset NOTIFY changed)
    // The charted series a formula can read: {letter, name, seriesColor}.
    Q_PROPERTY(QVariantList inputs READ inputs NOTIFY inputsChanged)
    Q_PROPERTY(QStringList presets READ presets CONSTANT)
    // The symbol a preset is computed for (input a's), or "" when there is none.
    Q_PROPERTY(QString presetSymbol READ presetSymbol NOTIFY inputsChanged)
    // The preset's formula, shown in place of the user's.
    Q_PROPERTY(QString presetFormula READ presetFormula NOTIFY changed)
    Q_PROPERTY(QString nameProblem READ nameProblem NOTIFY changed)
    Q_PROPERTY(QString formulaProblem READ formulaProblem NOTIFY changed)
    // Why the workspace refused it on accept(), if it did.
    Q_PROPERTY(QString saveProblem READ saveProblem NOTIFY changed)
    Q_PROPERTY(bool acceptable READ isAcceptable NOTIFY changed)
    // The workspace's derived series: {id, description, charted}.
    Q_PROPERTY(QVariantList saved READ saved NOTIFY savedChanged)

public:
    DerivedSeriesDraft(ChartBoard &charts, editor::WorkspaceDocument &document, QObject *parent = nullptr);

    // A fresh form over what is charted now.
    Q_INVOKABLE void begin();
    // Adds the series to the workspace and charts it; false (with saveProblem) when refused.
    Q_INVOKABLE bool accept();
    // Charts a saved derived series (again).
    Q_INVOKABLE void chart(const QString &id);
    // Deletes a saved derived series from the workspace (and the chart, and the rules on it).
    Q_INVOKABLE bool remove(const QString &id);

    [[nodiscard]] QString name() const { return m_name; }
    void setName(const QString &name);
    [[nodiscard]] QString formula() const { return m_formula; }
    void setFormula(const QString &formula);
    [[nodiscard]] QString preset() const { return m_preset; }
    void setPreset(const QString &preset);
    [[nodiscard]] QVariantList inputs() const;
    [[nodiscard]] static QStringList presets();
    [[nodiscard]] QString presetSymbol() const;
    [[nodiscard]] QString presetFormula() const;
    [[nodiscard]] QString nameProblem() const;
    [[nodiscard]] QString formulaProblem() const;
    [[nodiscard]] QString saveProblem() const { return m_saveProblem; }
    [[nodiscard]] bool isAcceptable() const;
    [[nodiscard]] QVariantList saved() const;

signals:
    void changed();
    void inputsChanged();
    void savedChanged();

private:
    // The charted series a formula may read (derived ones cannot be read), in legend order.
    [[nodiscard]] QList<int> inputRows() const;
    [[nodiscard]] QStringList letters() const;
    void suggestName();

    [[nodiscard]] ChartController &panel() const;

    ChartBoard &m_charts;
    editor::WorkspaceDocument &m_document;
    QString m_name;
    QString m_formula;
    QString m_preset;
    QString m_saveProblem;
    bool m_nameEdited = false; // typed by the user: no longer suggested
};

} // namespace feeddeck::app::chart
