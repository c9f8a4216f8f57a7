#include "app/shell/WindowParts.h"

#include "app/editor/WorkspaceDocument.h"
#include "app/settings/UiSettings.h"
#include "core/feed/FeedManager.h"

namespace feeddeck::app::shell {

WindowParts::WindowParts(feed::FeedManager &feeds, settings::UiSettings &settings)
    : m_settings(settings)
    , m_alerts(alerts::AlertCenter::defaultLogPath())
    , m_clock(feeds)
    , m_charts(feeds, m_clock)
    , m_sparklines(feeds, m_clock, m_quotes)
    , m_setup(feeds, m_feedStatus)
    , m_derivedSeries(m_charts, *m_setup.document())
    , m_alertRules(*m_setup.document())
    , m_exporter(feeds, m_charts, m_feedStatus, settings)
{
    m_clock.addModel(m_quotes);
    m_clock.addModel(m_feedStatus);
    m_clock.addModel(m_problems);
    m_clock.addModel(m_inventory);
    m_clock.addModel(m_alerts);
    // The Problems list keeps as many lines as the workspace's "max_problems".
    QObject::connect(m_setup.document(), &editor::WorkspaceDocument::changed, &m_problems,
                     [this] { m_problems.setMaxProblems(m_setup.document()->workspace().maxProblems); });
}

QVariantMap WindowParts::mainWindowProperties()
{
    return {{QStringLiteral("quotes"), QVariant::fromValue(&m_quotes)},
            {QStringLiteral("inventory"), QVariant::fromValue(&m_inventory)},
            {QStringLiteral("feeds"), QVariant::fromValue(&m_feedStatus)},
            {QStringLiteral("problems"), QVariant::fromValue(&m_problems)},
            {QStringLiteral("settings"), QVariant::fromValue(&m_settings)},
            {QStringLiteral("charts"), QVariant::fromValue(&m_charts)},
            {QStringLiteral("sparklines"), QVariant::fromValue(&m_sparklines)},
            {QStringLiteral("setup"), QVariant::fromValue(&m_setup)},
            {QStringLiteral("exporter"), QVariant::fromValue(&m_exporter)},
            {QStringLiteral("alerts"), QVariant::fromValue(&m_alerts)},
            {QStringLiteral("derivedSeries"), QVariant::fromValue(&m_derivedSeries)},
            {QStringLiteral("alertRules"), QVariant::fromValue(&m_alertRules)}};
}

void WindowParts::open(const editor::WorkspaceChoice &choice)
{
    if (choice.chosen) {
        const editor::SaveTarget target = editor::saveTargetFor(*choice.chosen);
        m_setup.document()->open(choice.chosen->workspace, target.path, target.createFolder, target.notSavedReason,
                                 choice.chosen->isDemo);
    } else {
        m_setup.document()->showLoadProblems(choice.failedPath, choice.problems.join(u'\n'));
    }
}

} // namespace feeddeck::app::shell
