#include "app/editor/WorkspaceDocument.h"

#include "app/editor/WorkspaceSource.h"
#include "core/codec/CodecRegistry.h"
#include "core/feed/FeedManager.h"
#include "core/workspace/AlertRulesParser.h"
#include "core/workspace/KnownFeeds.h"
#include "core/workspace/WorkspaceFile.h"
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace feeddeck::app::editor {

namespace {

// `name` as an id ("Crypto spot" -> "crypto-spot"), numbered ("crypto-spot-2") while `used`.
QString uniqueWorkspaceId(const QString &name, const QString &fallback, const std::function<bool(const QString &)> &used)
{
    static const QRegularExpression notIdChars(QStringLiteral("[^a-z0-9_.-]+"));
    QString base = name.toLower().replace(notIdChars, QStringLiteral("-"));
    while (base.startsWith(u'-'))
        base.remove(0, 1);
    while (base.endsWith(u'-'))
        base.chop(1);
    base = base.left(40);
    if (base.isEmpty())
        base = fallback;
    QString id = base;
    for (int n = 2; used(id); ++n)
        id = QStringLiteral("%1-%2").arg(base).arg(n);
    return id;
}

} // namespace

WorkspaceDocument::WorkspaceDocument(feed::FeedManager &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

void WorkspaceDocument::open(const workspace::Workspace &workspace, const QString &savePath, bool createFolder,
                             const QString &notSavedReason, bool demo)
{
    m_workspace = workspace;
    m_path = savePath;
    m_demo = demo;
    if (!demo)
        m_failedPath.clear();
    m_createFolder = createFolder;
    m_saveNotice = savePath.isEmpty() ? notSavedReason : QString();
    m_removed.reset();
    m_list.sync(m_workspace.feeds);
    m_engine.applyWorkspace(m_workspace);
    emit saveStateChanged();
    emit undoChanged();
    emit changed();
}

void WorkspaceDocument::showLoadProblems(const QString &path, const QString &problems)
{
    m_loadProblems = problems;
    m_path.clear();
    m_failedPath = path;
    m_demo = false;
    m_saveNotice = QStringLiteral("Changes are not saved: %1 could not be loaded and is kept as it is").arg(path);
    emit loadProblemsChanged();
    emit saveStateChanged();
}

void WorkspaceDocument::openDemo()
{
    const QString notice = m_saveNotice;
    m_loadProblems.clear();
    emit loadProblemsChanged();
    open(demoWorkspace(), {}, false, notice, true);
}

QString WorkspaceDocument::title() const
{
    if (m_demo)
        return tr("Demo");
    return m_path.isEmpty() ? m_failedPath : m_path;
}

QString WorkspaceDocument::undoText() const
{
    if (!m_removed)
        return {};
    if (m_removed->feed)
        return tr("Undo removing “%1”").arg(m_removed->feed->displayName());
    return tr("Undo removing rule “%1”").arg(m_removed->alerts.value(0).id);
}

QString WorkspaceDocument::undoNotice() const
{
    if (!m_removed)
        return {};
    return m_removed->feed ? tr("Feed removed.") : tr("Alert rule removed.");
}

int WorkspaceDocument::indexOf(const QString &id) const
{
    for (int i = 0; i < m_workspace.feeds.size(); ++i)
        if (m_workspace.feeds.at(i).id == id)
            return i;
    return -1;
}

QString WorkspaceDocument::freeId(const QString &name) const
{
    // "derived" names the derived series: no feed takes it.
    return uniqueWorkspaceId(name, QStringLiteral("feed"),
                             [this](const QString &id) { return id == workspace::kDerivedFeed || indexOf(id) >= 0; });
}

bool WorkspaceDocument::addFeed(workspace::FeedConfig config)
{
    if (config.id.isEmpty() || indexOf(config.id) >= 0)
        config.id = freeId(config.displayName());
    if (config.name.isEmpty())
        config.name = config.id;
    m_workspace.feeds.append(config);
    commit();
    return true;
}

bool WorkspaceDocument::replaceFeed(const QString &id, const workspace::FeedConfig &config)
{
    const int i = indexOf(id);
    if (i < 0) {
        m_lastError = tr("the feed “%1” no longer exists").arg(id);
        return false;
    }
    workspace::FeedConfig next = config;
    next.id = id; // the id ties rows, charts and history to the feed: it never changes here
    m_workspace.feeds[i] = next;
    commit();
    return true;
}

bool WorkspaceDocument::setSymbols(const QString &id, const QStringList &symbols)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    if (m_workspace.feeds.at(i).symbols == symbols)
        return true;
    m_workspace.feeds[i].symbols = symbols;
    commit();
    return true;
}

bool WorkspaceDocument::setEnabled(const QString &id, bool enabled)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    if (m_workspace.feeds.at(i).enabled == enabled)
        return true;
    m_workspace.feeds[i].enabled = enabled;
    commit();
    return true;
}

bool WorkspaceDocument::removeFeed(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    m_removed = Removed{m_workspace.feeds.takeAt(i), i, {}, {}};
    // Its alert rules go with it: a rule on a feed the workspace does not have is invalid.
    m_workspace.alerts.removeIf([&](const alert::AlertRule &rule) {
        if (!workspace::isAlertOfFeed(rule, id))
            return false;
        m_removed->alerts.append(rule);
        return true;
    });
    // So do the derived series that read it, and the rules on those.
    auto [derived, rules] = takeOrphans();
    m_removed->derived = derived;
    m_removed->alerts.append(rules);
    emit undoChanged();
    commit();
    return true;
}

bool WorkspaceDocument::undoRemove()
{
    if (!m_removed)
        return false;
    Removed removed = *m_removed;
    m_removed.reset();
    if (!removed.feed) { // one alert rule, back in its place (a rule added since under its id stays)
        for (const alert::AlertRule &rule : std::as_const(removed.alerts))
            if (alertIndexOf(rule.id) < 0)
                m_workspace.alerts.insert(std::min<qsizetype>(removed.index, m_workspace.alerts.size()), rule);
        takeOrphans(); // a rule on a derived series deleted since cannot come back
        emit undoChanged();
        commit();
        return true;
    }
    if (indexOf(removed.feed->id) >= 0) { // a feed with that id was added since: keep both
        const QString oldId = removed.feed->id;
        removed.feed->id = freeId(removed.feed->displayName());
        for (alert::AlertRule &rule : removed.alerts)
            rule.feed.replace(0, oldId.size(), removed.feed->id);
    }
    m_workspace.feeds.insert(std::min<qsizetype>(removed.index, m_workspace.feeds.size()), *removed.feed);
    for (const workspace::DerivedSeriesConfig &series : std::as_const(removed.derived)) {
        // Its id may have been taken since: the newer one stays (and the old one's rules go).
        if (!derivedSeries(series.id))
            m_workspace.derived.append(series);
    }
    for (const alert::AlertRule &rule : std::as_const(removed.alerts)) {
        // Its id may have been taken by a rule added since: the newer one stays.
        if (alertIndexOf(rule.id) < 0)
            m_workspace.alerts.append(rule);
    }
    takeOrphans(); // a restored feed's id may have changed: what reads the old one cannot stay
    emit undoChanged();
    commit();
    return true;
}

QString WorkspaceDocument::duplicateFeed(const QString &id)
{
    const int i = indexOf(id);
    if (i < 0)
        return {};
    workspace::FeedConfig copy = m_workspace.feeds.at(i);
    copy.name = tr("%1 (copy)").arg(copy.displayName());
    copy.id = freeId(copy.name);
    m_workspace.feeds.insert(i + 1, copy);
    commit();
    return copy.id;
}

bool WorkspaceDocument::moveFeed(int from, int to)
{
    const int n = int(m_workspace.feeds.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to)
        return false;
    m_workspace.feeds.move(from, to);
    commit();
    return true;
}

QString WorkspaceDocument::importFrom(const QString &path)
{
    const workspace::LoadResult loaded = workspace::loadWorkspaceFile(path, codec::knownProtocols());
    if (!loaded.workspace)
        return workspace::formatProblems(loaded.problems);
    m_workspace.feeds = loaded.workspace->feeds;
    // Rules on feeds that are gone go too (a rule on a missing feed makes the file invalid).
    m_workspace.alerts.removeIf([this](const alert::AlertRule &rule) {
        return std::none_of(m_workspace.feeds.cbegin(), m_workspace.feeds.cend(),
                            [&rule](const workspace::FeedConfig &feed) { return workspace::isAlertOfFeed(rule, feed.id); })
               && rule.feed != workspace::kDerivedFeed;
    });
    takeOrphans();
    m_removed.reset();
    emit undoChanged();
    commit();
    return {};
}

QString WorkspaceDocument::addDerivedSeries(const workspace::DerivedSeriesConfig &series)
{
    // Checked as the file will be read back: the one validator of derived series.
    workspace::Workspace candidate = m_workspace;
    candidate.derived.append(series);
    const workspace::ParseResult checked =
        workspace::parseWorkspace(workspace::toJsonBytes(candidate), {}, codec::knownProtocols());
    if (!checked.workspace) {
        m_lastError = workspace::formatProblems(checked.problems); // no file name: "path: message" lines
        return m_lastError;
    }
    m_workspace.derived.append(series);
    commit();
    return {};
}

bool WorkspaceDocument::removeDerivedSeries(const QString &id)
{
    const qsizetype removed = m_workspace.derived.removeIf(
        [&id](const workspace::DerivedSeriesConfig &series) { return series.id == id; });
    if (removed == 0)
        return false;
    takeOrphans();
    commit();
    return true;
}

int WorkspaceDocument::alertIndexOf(const QString &id) const
{
    for (int i = 0; i < m_workspace.alerts.size(); ++i)
        if (m_workspace.alerts.at(i).id == id)
            return i;
    return -1;
}

const alert::AlertRule *WorkspaceDocument::alertRule(const QString &id) const
{
    const int i = alertIndexOf(id);
    return i < 0 ? nullptr : &m_workspace.alerts.at(i);
}

QString WorkspaceDocument::freeAlertRuleId(const QString &base) const
{
    const QString start = base.isEmpty() ? QStringLiteral("rule") : base;
    QString id = start;
    for (int n = 2; alertIndexOf(id) >= 0; ++n)
        id = QStringLiteral("%1-%2").arg(start).arg(n);
    return id;
}

bool WorkspaceDocument::addAlertRule(const alert::AlertRule &rule)
{
    if (rule.id.isEmpty() || alertIndexOf(rule.id) >= 0) {
        m_lastError = tr("another rule already has the id “%1”").arg(rule.id);
        return false;
    }
    m_workspace.alerts.append(rule);
    commit();
    return true;
}

QString WorkspaceDocument::freeDerivedId(const QString &name) const
{
    return uniqueWorkspaceId(name, QStringLiteral("derived"),
                             [this](const QString &id) { return derivedSeries(id) != nullptr; });
}

const workspace::DerivedSeriesConfig *WorkspaceDocument::derivedSeries(const QString &id) const
{
    for (const workspace::DerivedSeriesConfig &series : m_workspace.derived)
        if (series.id == id)
            return &series;
    return nullptr;
}

std::pair<QList<workspace::DerivedSeriesConfig>, QList<alert::AlertRule>> WorkspaceDocument::takeOrphans()
{
    QList<workspace::DerivedSeriesConfig> series;
    m_workspace.derived.removeIf([&](const workspace::DerivedSeriesConfig &derived) {
        const QList<workspace::DerivedInput> inputs = derived.bindings();
        const bool orphaned = std::any_of(inputs.cbegin(), inputs.cend(), [this](const workspace::DerivedInput &input) {
            return std::none_of(m_workspace.feeds.cbegin(), m_workspace.feeds.cend(),
                                [&input](const workspace::FeedConfig &feed) {
                                    return workspace::namesFeed(input.feed, feed.id);
                                });
        });
        if (orphaned)
            series.append(derived);
        return orphaned;
    });
    QList<alert::AlertRule> rules;
    m_workspace.alerts.removeIf([&](const alert::AlertRule &rule) {
        if (rule.feed != workspace::kDerivedFeed)
            return false;
        const bool watched = rule.everySymbol() ? !m_workspace.derived.isEmpty() : derivedSeries(rule.symbol) != nullptr;
        if (!watched)
            rules.append(rule);
        return !watched;
    });
    return {series, rules};
}

bool WorkspaceDocument::replaceAlertRule(const QString &id, const alert::AlertRule &rule)
{
    const int i = alertIndexOf(id);
    if (i < 0) {
        m_lastError = tr("the rule “%1” no longer exists").arg(id);
        return false;
    }
    const int other = alertIndexOf(rule.id);
    if (rule.id.isEmpty() || (other >= 0 && other != i)) {
        m_lastError = tr("another rule already has the id “%1”").arg(rule.id);
        return false;
    }
    if (m_workspace.alerts.at(i) == rule)
        return true;
    m_workspace.alerts[i] = rule;
    commit();
    return true;
}

bool WorkspaceDocument::setAlertRuleEnabled(const QString &id, bool enabled)
{
    const int i = alertIndexOf(id);
    if (i < 0)
        return false;
    if (m_workspace.alerts.at(i).enabled == enabled)
        return true;
    m_workspace.alerts[i].enabled = enabled;
    commit();
    return true;
}

bool WorkspaceDocument::removeAlertRule(const QString &id)
{
    const int i = alertIndexOf(id);
    if (i < 0)
        return false;
    m_removed = Removed{std::nullopt, i, {m_workspace.alerts.takeAt(i)}, {}};
    emit undoChanged();
    commit();
    return true;
}

QString WorkspaceDocument::duplicateAlertRule(const QString &id)
{
    const int i = alertIndexOf(id);
    if (i < 0)
        return {};
    alert::AlertRule copy = m_workspace.alerts.at(i);
    copy.id = freeAlertRuleId(copy.id);
    m_workspace.alerts.insert(i + 1, copy);
    commit();
    return copy.id;
}

QString WorkspaceDocument::exportTo(const QString &path) const
{
    const workspace::SaveResult saved = workspace::saveWorkspaceFile(path, m_workspace);
    return saved.ok ? QString() : saved.error;
}

void WorkspaceDocument::commit()
{
    m_list.sync(m_workspace.feeds);
    m_engine.applyWorkspace(m_workspace);
    emit changed();
    if (m_path.isEmpty())
        return;
    const workspace::SaveResult saved = workspace::saveWorkspaceFile(m_path, m_workspace, m_createFolder);
    if (saved.ok) {
        if (m_demo) { // the demo, changed and saved, is the user's workspace from now on
            m_demo = false;
            emit saveStateChanged();
        }
        setSaveNotice({});
    } else {
        setSaveNotice(tr("Not saved: %1").arg(saved.error));
        emit saveFailed(saved.error);
    }
}

void WorkspaceDocument::setSaveNotice(const QString &notice)
{
    if (notice == m_saveNotice)
        return;
    m_saveNotice = notice;
    emit saveStateChanged();
}

} // namespace feeddeck::app::editor
