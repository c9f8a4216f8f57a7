#include "app/editor/FeedEditor.h"

#include "app/editor/WorkspaceDocument.h"
#include "app/health/FeedStatusModel.h"
#include "core/codec/CodecRegistry.h"
#include "core/workspace/SymbolList.h"
#include "core/workspace/UrlTemplate.h"
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QJsonArray>

namespace feeddeck::app::editor {

namespace {

const QString kJsonProtocol = QStringLiteral("json");

// An open draft of `config`, its name and address as the file writes them.
FeedDraft draftOf(workspace::FeedConfig config)
{
    config.name = config.displayName();
    const QString url = workspace::templateText(config.url);
    return FeedDraft{.open = true, .config = std::move(config), .urlText = url};
}

// What a new feed starts from when its starter cannot be read as a feed (it always can; the
// codec registry's suite checks it).
workspace::FeedConfig fallbackStarter(const codec::ProtocolDescription &description)
{
    workspace::FeedConfig config;
    config.name = description.starter.name;
    config.protocol = description.name;
    config.url = workspace::urlFromTemplate(description.starter.url);
    config.symbols = description.starter.symbols;
    config.options = description.starter.options;
    config.json = description.starter.mapping;
    return config;
}

} // namespace

FeedEditor::FeedEditor(WorkspaceDocument &document, health::FeedStatusModel &status, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_status(status)
    , m_connection(m_draft, [this] { changed(); })
    , m_limits(m_draft, [this] { changed(); })
    , m_options(m_draft, [this] { changed(); })
    , m_mapping([this] { changed(); })
{
    connect(&m_status, &health::FeedStatusModel::summaryChanged, this, &FeedEditor::refreshLiveState);
    connect(&m_document, &WorkspaceDocument::changed, this, &FeedEditor::onDocumentChanged);
}

void FeedEditor::edit(const QString &feedId)
{
    const workspace::FeedConfig *feed = m_document.feed(feedId);
    if (!feed) {
        close();
        return;
    }
    load(draftOf(*feed), feedId);
}

void FeedEditor::startNew(const QString &protocol)
{
    const codec::ProtocolDescription *found = codec::protocolNamed(protocol);
    const codec::ProtocolDescription &description = found ? *found : codec::protocols().constFirst();
    const codec::ProtocolStarter &starter = description.starter;
    QJsonObject feed{{QStringLiteral("id"), m_document.freeId(starter.name)},
                     {QStringLiteral("name"), starter.name},
                     {QStringLiteral("protocol"), description.name},
                     {QStringLiteral("url"), starter.url},
                     {QStringLiteral("symbols"), QJsonArray::fromStringList(starter.symbols)}};
    if (!starter.options.isEmpty())
        feed.insert(QStringLiteral("options"), starter.options);
    if (!starter.mapping.isEmpty())
        feed.insert(QStringLiteral("json"), starter.mapping);
    // Read as the file would be, so a new feed starts from the workspace's own defaults.
    workspace::FeedConfig config =
        workspace::checkFeed(feed, codec::knownProtocols()).feed.value_or(fallbackStarter(description));
    config.id.clear();
    FeedDraft draft = draftOf(config);
    draft.urlText = starter.url;
    load(draft, {});
}

void FeedEditor::load(const FeedDraft &draft, const QString &feedId)
{
    m_feedId = feedId;
    m_draft = draft;
    m_applyError.clear();
    m_mapping.load(m_draft.config.json);
    if (m_draft.config.protocol == kJsonProtocol)
        m_mappingProblems = m_mapping.applyTo(m_draft.config.json);
    m_baseline = m_draft;
    m_connection.reload();
    m_limits.reload();
    m_options.reload();
    m_symbolNotice.clear();
    emit symbolNoticeChanged();
    setSymbolList(m_draft.config.symbols);
    refreshLiveState();
    emit openedChanged();
    emit basicsChanged();
    changed();
}

void FeedEditor::revert()
{
    if (!m_draft.open)
        return;
    FeedDraft baseline = m_baseline;
    if (!m_feedId.isEmpty()) // subscriptions were applied as they were edited: keep them
        baseline.config.symbols = m_symbols.symbols();
    load(baseline, m_feedId);
}

void FeedEditor::close()
{
    m_feedId.clear();
    m_draft = {};
    m_baseline = {};
    m_problems.clear();
    m_mappingProblems.clear();
    setSymbolList({});
    refreshLiveState();
    m_connection.reload();
    m_limits.reload();
    m_options.reload();
    m_mapping.load({});
    emit openedChanged();
    emit basicsChanged();
    emit checked();
    emit draftChanged();
}

QString FeedEditor::draftId() const
{
    return m_feedId.isEmpty() ? m_document.freeId(name()) : m_feedId;
}

std::optional<workspace::FeedConfig> FeedEditor::draftConfig() const
{
    if (!isValid())
        return std::nullopt;
    return workspace::checkFeed(m_draft.toJson(draftId()), codec::knownProtocols()).feed;
}

bool FeedEditor::apply()
{
    std::optional<workspace::FeedConfig> config = draftConfig();
    if (!config) {
        m_applyError = tr("Fix the settings marked in red first");
        emit checked();
        return false;
    }
    m_applyError.clear();
    if (m_feedId.isEmpty()) {
        m_document.addFeed(*config);
        const QString id = m_document.workspace().feeds.constLast().id;
        edit(id);
        emit feedAdded(id);
        return true;
    }
    if (const workspace::FeedConfig *current = m_document.feed(m_feedId)) {
        // Switched on/off and subscribed from elsewhere meanwhile: those stay as they are now.
        config->enabled = current->enabled;
        config->symbols = current->symbols;
    }
    if (!m_document.replaceFeed(m_feedId, *config)) {
        m_applyError = m_document.lastError();
        emit checked();
        return false;
    }
    edit(m_feedId);
    return true;
}

QJsonObject FeedEditor::comparable(QJsonObject feed) const
{
    feed.remove(QStringLiteral("enabled"));
    if (!m_feedId.isEmpty())
        feed.remove(QStringLiteral("symbols")); // applied as they are edited
    return feed;
}

bool FeedEditor::isDirty() const
{
    if (!m_draft.open)
        return false;
    if (m_feedId.isEmpty())
        return true;
    return comparable(m_draft.toJson(m_feedId)) != comparable(m_baseline.toJson(m_feedId))
           || !m_mappingProblems.isEmpty();
}

void FeedEditor::setName(const QString &name)
{
    if (!m_draft.open || name == m_draft.config.name)
        return;
    m_draft.config.name = name;
    emit basicsChanged();
    changed();
}

void FeedEditor::setUrl(const QString &url)
{
    if (!m_draft.open || url == m_draft.urlText)
        return;
    m_draft.urlText = url;
    m_draft.config.url = workspace::urlFromTemplate(url);
    emit basicsChanged();
    changed();
}

void FeedEditor::setProtocol(const QString &protocol)
{
    const QString previous = m_draft.config.protocol;
    if (!m_draft.open || protocol == previous)
        return;
    // Options belong to a protocol; a mapping starts from the template so there is something to adapt.
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    m_draft.config.options = description ? description->starter.options : QJsonObject();
    if (description && !description->starter.mapping.isEmpty() && m_draft.config.json.isEmpty()) {
        m_draft.config.json = description->starter.mapping;
        m_mapping.load(m_draft.config.json);
    }
    // A new feed left at its protocol's largest message takes the new protocol's.
    if (isNew() && m_draft.config.maxMessageBytes == workspace::defaultMaxMessageBytes(previous)) {
        m_draft.config.maxMessageBytes = workspace::defaultMaxMessageBytes(protocol);
        m_limits.reload();
    }
    m_draft.config.protocol = protocol;
    m_options.reload();
    emit basicsChanged();
    changed();
}

void FeedEditor::changed()
{
    if (!m_draft.open)
        return;
    m_mappingProblems.clear();
    if (protocol() == kJsonProtocol)
        m_mappingProblems = m_mapping.applyTo(m_draft.config.json);
    const workspace::FeedCheck check = workspace::checkFeed(m_draft.toJson(draftId()), codec::knownProtocols());
    m_problems = m_mappingProblems;
    for (const workspace::WorkspaceProblem &problem : check.problems)
        if (!m_problems.contains(problem.jsonPath))
            m_problems.insert(problem.jsonPath, problem.message);
    if (const std::optional<QString> headers = m_connection.headerProblem())
        m_problems.insert(QStringLiteral("headers"), *headers);
    if (name().trimmed().isEmpty())
        m_problems.insert(QStringLiteral("name"), tr("is empty; give the feed a name people will recognise"));
    m_applyError.clear();
    emit checked();
    emit draftChanged();
}

QString FeedEditor::addSymbols(const QString &text)
{
    if (!m_draft.open)
        return {};
    const workspace::SymbolListEdit edit = workspace::addSymbols(m_symbols.symbols(), text);
    QStringList notes;
    if (!edit.added.isEmpty())
        notes.append(edit.added.size() == 1 ? tr("Added %1").arg(edit.added.constFirst())
                                            : tr("Added %1 symbols").arg(edit.added.size()));
    if (!edit.skipped.isEmpty())
        notes.append(tr("already subscribed: %1").arg(edit.skipped.join(QStringLiteral(", "))));
    notes.append(edit.problems);
    m_symbolNotice = notes.join(QStringLiteral("; "));
    emit symbolNoticeChanged();
    if (!edit.added.isEmpty())
        setSymbolList(edit.symbols);
    return m_symbolNotice;
}

void FeedEditor::removeSymbol(int row)
{
    QStringList symbols = m_symbols.symbols();
    if (row < 0 || row >= symbols.size())
        return;
    const QString removed = symbols.takeAt(row);
    m_symbolNotice = tr("Removed %1").arg(removed);
    emit symbolNoticeChanged();
    setSymbolList(symbols);
}

void FeedEditor::moveSymbol(int from, int to)
{
    QStringList symbols = m_symbols.symbols();
    if (from < 0 || from >= symbols.size() || to < 0 || to >= symbols.size() || from == to)
        return;
    symbols.move(from, to);
    setSymbolList(symbols);
}

void FeedEditor::setSymbolList(const QStringList &symbols)
{
    m_symbols.setSymbols(symbols);
    if (!m_draft.open)
        return;
    m_draft.config.symbols = symbols;
    if (!m_feedId.isEmpty()) {
        // An existing feed subscribes at once: the running connection sends the deltas.
        m_baseline.config.symbols = symbols;
        m_document.setSymbols(m_feedId, symbols);
    }
}

void FeedEditor::refreshLiveState()
{
    const feed::FeedStatus *status = m_feedId.isEmpty() ? nullptr : m_status.statusOf(m_feedId);
    const QString state = status ? feed::stateName(status->state) : QString();
    const QString text = status ? m_status.stateText(*status) : QString();
    m_symbols.setRejected(status ? status->rejectedSymbols : QMap<QString, QString>{});
    if (state == m_liveState && text == m_liveStateText)
        return;
    m_liveState = state;
    m_liveStateText = text;
    emit liveStateChanged();
}

void FeedEditor::onDocumentChanged()
{
    if (!m_draft.open || m_feedId.isEmpty())
        return;
    const workspace::FeedConfig *feed = m_document.feed(m_feedId);
    if (!feed) {
        close(); // removed (or replaced by an import) while open
        return;
    }
    if (feed->symbols != m_symbols.symbols())
        m_symbols.setSymbols(feed->symbols);
}

} // namespace feeddeck::app::editor
