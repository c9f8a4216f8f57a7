#pragma once

#include "app/editor/FeedListModel.h"
#include "core/workspace/FeedConfig.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace feeddeck::feed {
class FeedManager;
}

namespace feeddeck::app::editor {

// The workspace being edited, and the one place that changes it. Every change is saved
// at once, atomically, to the workspace file, and handed to the running feeds (which
// turn symbol edits into subscribe/unsubscribe deltas without reconnecting). A file
// that failed to load, or a workspace the user did not choose to overwrite, is never
// written: `saveNotice` says why changes are kept in memory only.
class WorkspaceDocument : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("WorkspaceDocument is provided by the application")
    Q_PROPERTY(feeddeck::app::editor::FeedListModel *feeds READ feeds CONSTANT)
    Q_PROPERTY(int feedCount READ feedCount NOTIFY changed)
    Q_PROPERTY(QString path READ path NOTIFY saveStateChanged)             // where changes go; empty: nowhere
    Q_PROPERTY(QString saveNotice READ saveNotice NOTIFY saveStateChanged) // why changes are not saved, or the last save error
    Q_PROPERTY(QString loadProblems READ loadProblems NOTIFY loadProblemsChanged) // a workspace that could not be opened
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoChanged)          // empty: nothing to undo
    Q_PROPERTY(QString undoNotice READ undoNotice NOTIFY undoChanged)      // what was removed: "Feed removed."
    // The built-in demo, not (yet) saved as the user's workspace: the window says so.
    Q_PROPERTY(bool demo READ isDemo NOTIFY saveStateChanged)
    // What the window's title names: "Demo", the workspace file, or the file that failed to load.
    Q_PROPERTY(QString title READ title NOTIFY saveStateChanged)

public:
    explicit WorkspaceDocument(feed::FeedManager &engine, QObject *parent = nullptr);

    // Starts editing `workspace`. Changes are saved to `savePath` (its folder is created when
    // `createFolder`); with no path, `notSavedReason` tells the user why they are not saved.
    // `demo`: it is the built-in demo; the first change saved to `savePath` makes it the user's.
    void open(const workspace::Workspace &workspace, const QString &savePath, bool createFolder,
              const QString &notSavedReason = {}, bool demo = false);
    // Nothing to run: the workspace at `path` could not be loaded for these reasons.
    void showLoadProblems(const QString &path, const QString &problems);

    [[nodiscard]] const workspace::Workspace &workspace() const noexcept { return m_workspace; }
    [[nodiscard]] const workspace::FeedConfig *feed(const QString &id) const { return m_workspace.feed(id); }
    [[nodiscard]] FeedListModel *feeds() { return &m_list; }
    [[nodiscard]] int feedCount() const { return int(m_workspace.feeds.size()); }
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString saveNotice() const { return m_saveNotice; }
    [[nodiscard]] QString loadProblems() const { return m_loadProblems; }
    [[nodiscard]] QString undoText() const;
    [[nodiscard]] QString undoNotice() const;
    [[nodiscard]] bool isDemo() const noexcept { return m_demo; }
    [[nodiscard]] QString title() const;

    // Each returns false (with `lastError` set) when nothing changed.
    bool addFeed(workspace::FeedConfig config); // a free id is chosen from the name when needed
    bool replaceFeed(const QString &id, const workspace::FeedConfig &config);
    bool setSymbols(const QString &id, const QStringList &symbols);
    Q_INVOKABLE bool setEnabled(const QString &id, bool enabled);
    Q_INVOKABLE bool removeFeed(const QString &id);
    Q_INVOKABLE bool undoRemove();
    // Adds a copy named "<name> (copy)" after the original; returns the new id or "".
    Q_INVOKABLE QString duplicateFeed(const QString &id);
    Q_INVOKABLE bool moveFeed(int from, int to);

    // Adds a derived series (charted and alerted on as feed "derived"); returns "" or what is
    // wrong with it, as the workspace file's own check words it.
    QString addDerivedSeries(const workspace::DerivedSeriesConfig &series);
    // The derived series of that id, or null.
    [[nodiscard]] const workspace::DerivedSeriesConfig *derivedSeries(const QString &id) const;
    // Removes a derived series and the alert rules that watch it.
    Q_INVOKABLE bool removeDerivedSeries(const QString &id);
    // An id no derived series uses, made from `name` as freeId() does.
    [[nodiscard]] QString freeDerivedId(const QString &name) const;

    // Replaces the feeds with those of a workspace file; returns "" or what is wrong with it.
    Q_INVOKABLE QString importFrom(const QString &path);
    // Writes the workspace to another file (atomically); returns "" or the error.
    Q_INVOKABLE QString exportTo(const QString &path) const;
    // After a failed load: run the built-in demo instead (not saved over the broken file).
    Q_INVOKABLE void openDemo();

    // Alert rules (the workspace's "alerts"), by id. The running engine takes every change.
    [[nodiscard]] const alert::AlertRule *alertRule(const QString &id) const;
    bool addAlertRule(const alert::AlertRule &rule);                         // false: its id is taken
    bool replaceAlertRule(const QString &id, const alert::AlertRule &rule); // the id may change to a free one
    Q_INVOKABLE bool setAlertRuleEnabled(const QString &id, bool enabled);
    Q_INVOKABLE bool removeAlertRule(const QString &id); // Undo brings it back
    // Adds a copy under a free id ("btc-high-2") after the original; returns the new id or "".
    Q_INVOKABLE QString duplicateAlertRule(const QString &id);
    // `base` if no rule has that id, else "<base>-2", "<base>-3", ...
    [[nodiscard]] QString freeAlertRuleId(const QString &base) const;

    [[nodiscard]] QString lastError() const { return m_lastError; }
    // An id not used by any feed, made from `name` ("Crypto spot" -> "crypto-spot", "crypto-spot-2").
    [[nodiscard]] QString freeId(const QString &name) const;

signals:
    void changed();
    void saveStateChanged();
    void loadProblemsChanged();
    void undoChanged();
    // A change could not be saved; `message` names the file and the reason.
    void saveFailed(const QString &message);

private:
    // What Undo brings back: a feed with its alert rules, or (no feed) one alert rule.
    struct Removed
    {
        std::optional<workspace::FeedConfig> feed;
        int index = 0; // of the feed, or of the rule
        QList<alert::AlertRule> alerts; // the feed's alert rules, back with it on Undo
        QList<workspace::DerivedSeriesConfig> derived; // the derived series that read it
    };

    [[nodiscard]] int indexOf(const QString &id) const;
    // Takes out the derived series that read a feed the workspace no longer has, then the rules
    // on derived series that are gone (either would make the file invalid); returns both.
    std::pair<QList<workspace::DerivedSeriesConfig>, QList<alert::AlertRule>> takeOrphans();
    [[nodiscard]] int alertIndexOf(const QString &id) const;
    void commit(); // save + apply to the engine + tell the views
    void setSaveNotice(const QString &notice);

    feed::FeedManager &m_engine;
    workspace::Workspace m_workspace;
    FeedListModel m_list;
    QString m_path;
    QString m_failedPath; // the workspace file that could not be loaded, if any
    bool m_demo = false;
    bool m_createFolder = false;
    QString m_saveNotice;
    QString m_loadProblems;
    QString m_lastError;
    std::optional<Removed> m_removed; // the last removed feed, for Undo
};

} // namespace feeddeck::app::editor
