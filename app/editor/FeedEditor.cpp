#include "app/editor/FeedEditor.h"

#include "app/editor/WorkspaceDocument.h"
#include "app/health/FeedStatusModel.h"
#include "core/codec/CodecRegistry.h"
#include "core/net/SecretMask.h"
#include "core/workspace/SymbolList.h"
#include "core/workspace/WireFormat.h"
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace feeddeck::app::editor {

namespace {

const QString kName = QStringLiteral("name");
const QString kUrl = QStringLiteral("url");
const QString kProtocol = QStringLiteral("protocol");
const QString kSymbols = QStringLiteral("symbols");
const QString kEnabled = QStringLiteral("enabled");
const QString kOptions = QStringLiteral("options");
const QString kJson = QStringLiteral("json");
const QString kHeaders = QStringLiteral("headers");
const QString kProxy = QStringLiteral("proxy");
const QString kSystemProxy = QStringLiteral("system"); // the default, left out of the file
const QString kReconnect = QStringLiteral("reconnect");

// A new feed of `protocol` as the codec registry describes its start: the venue's public
// endpoint, or a mapping to adapt.
QJsonObject starterFeed(const codec::ProtocolDescription &protocol)
{
    QJsonObject feed{{kName, protocol.starter.name},
                     {kProtocol, protocol.name},
                     {kUrl, protocol.starter.url},
                     {kSymbols, QJsonArray::fromStringList(protocol.starter.symbols)}};
    if (!protocol.starter.options.isEmpty())
        feed.insert(kOptions, protocol.starter.options);
    if (!protocol.starter.mapping.isEmpty())
        feed.insert(kJson, protocol.starter.mapping);
    return feed;
}

// Option `key` of `protocol` as the draft holds it, or the codec's default.
QJsonValue optionValue(const QJsonObject &draft, const QString &protocol, const QString &key)
{
    const QJsonValue value = draft.value(kOptions).toObject().value(key);
    if (!value.isUndefined() && !value.isNull())
        return value;
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    return description ? description->defaultValue(key) : QJsonValue();
}

// A list option of `protocol` (channels, streams) as the draft holds it, or the codec's default.
QStringList listOption(const QJsonObject &draft, const QString &protocol, const QString &key)
{
    QJsonValue value = draft.value(kOptions).toObject().value(key);
    if (!value.isArray())
        value = optionValue({}, protocol, key);
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

QStringList allowedNames(const QString &protocol, const QString &key)
{
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    return description ? description->allowedValues(key) : QStringList();
}

QString jsonText(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString listText(const QJsonValue &value)
{
    QStringList parts;
    for (const QJsonValue &item : value.toArray())
        parts.append(item.toString());
    return parts.join(QStringLiteral(", "));
}

QJsonArray listFromText(const QString &text)
{
    QJsonArray array;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            array.append(part.trimmed());
    return array;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList toList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

FeedEditor::FeedEditor(WorkspaceDocument &document, health::FeedStatusModel &status, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_status(status)
{
    connect(&m_status, &health::FeedStatusModel::summaryChanged, this, &FeedEditor::refreshLiveState);
    connect(&m_document, &WorkspaceDocument::changed, this, &FeedEditor::onDocumentChanged);
}

QStringList FeedEditor::protocols()
{
    return codec::knownProtocols();
}

QStringList FeedEditor::coinbaseChannels()
{
    return allowedNames(QStringLiteral("coinbase"), QStringLiteral("channels"));
}

QStringList FeedEditor::binanceStreams()
{
    return allowedNames(QStringLiteral("binance"), QStringLiteral("streams"));
}

void FeedEditor::edit(const QString &feedId)
{
    const workspace::FeedConfig *feed = m_document.feed(feedId);
    if (!feed) {
        close();
        return;
    }
    load(workspace::toJson(*feed), feedId);
}

void FeedEditor::startNew(const QString &protocol)
{
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    load(starterFeed(description ? *description : codec::protocols().constFirst()), {});
}

void FeedEditor::load(const QJsonObject &feed, const QString &feedId)
{
    m_active = true;
    m_feedId = feedId;
    m_draft = feed;
    m_baseline = feed;
    m_applyError.clear();
    m_headers.clear();
    const QJsonObject headers = feed.value(kHeaders).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        m_headers.append(QVariantMap{{kName, it.key()}, {QStringLiteral("value"), it.value().toString()}});
    loadMappingTexts();
    m_symbolNotice.clear();
    emit symbolNoticeChanged();
    setSymbolList(toList(feed.value(kSymbols)));
    refreshLiveState();
    changed();
}

void FeedEditor::loadMappingTexts()
{
    const QJsonObject mapping = m_draft.value(kJson).toObject();
    m_subscribeText = jsonText(mapping.value(QStringLiteral("subscribe")));
    m_unsubscribeText = jsonText(mapping.value(QStringLiteral("unsubscribe")));
    m_matchText = jsonText(mapping.value(QStringLiteral("match")));
    m_keyText = listText(mapping.value(QStringLiteral("key")));
    m_timeText = mapping.value(QStringLiteral("time")).toString();
    m_fieldsText = listText(mapping.value(QStringLiteral("fields")));
}

void FeedEditor::revert()
{
    if (!m_active)
        return;
    QJsonObject baseline = m_baseline;
    if (!m_feedId.isEmpty()) // subscriptions were applied as they were edited: keep them
        baseline.insert(kSymbols, toArray(m_symbols.symbols()));
    load(baseline, m_feedId);
}

void FeedEditor::close()
{
    m_active = false;
    m_feedId.clear();
    m_draft = {};
    m_baseline = {};
    m_problems.clear();
    setSymbolList({});
    refreshLiveState();
    emit draftChanged();
}

std::optional<workspace::FeedConfig> FeedEditor::draftConfig() const
{
    if (!isValid())
        return std::nullopt;
    QJsonObject feed = m_draft;
    feed.insert(QStringLiteral("id"), m_feedId.isEmpty() ? m_document.freeId(name()) : m_feedId);
    return workspace::checkFeed(feed, codec::knownProtocols()).feed;
}

bool FeedEditor::apply()
{
    std::optional<workspace::FeedConfig> config = draftConfig();
    if (!config) {
        m_applyError = tr("Fix the settings marked in red first");
        emit draftChanged();
        return false;
    }
    m_applyError.clear();
    if (m_feedId.isEmpty()) {
        m_document.addFeed(*config);
        const QString id = m_document.workspace().feeds.constLast().id;
        load(workspace::toJson(*m_document.feed(id)), id);
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
        emit draftChanged();
        return false;
    }
    edit(m_feedId);
    return true;
}

QJsonObject FeedEditor::comparable(QJsonObject feed) const
{
    feed.remove(kEnabled);
    if (!m_feedId.isEmpty())
        feed.remove(kSymbols); // applied as they are edited
    return feed;
}

bool FeedEditor::isDirty() const
{
    if (!m_active)
        return false;
    return m_feedId.isEmpty() || comparable(m_draft) != comparable(m_baseline) || !m_ownProblems.isEmpty();
}

QString FeedEditor::name() const
{
    return m_draft.value(kName).toString();
}

void FeedEditor::setName(const QString &name)
{
    setValue(kName, name);
}

QString FeedEditor::url() const
{
    return m_draft.value(kUrl).toString();
}

void FeedEditor::setUrl(const QString &url)
{
    setValue(kUrl, url);
}

QString FeedEditor::proxy() const
{
    return m_draft.value(kProxy).toString(kSystemProxy);
}

void FeedEditor::setProxy(const QString &proxy)
{
    if (!m_active || proxy == this->proxy())
        return;
    if (proxy == kSystemProxy)
        m_draft.remove(kProxy);
    else
        m_draft.insert(kProxy, proxy);
    changed();
}

QString FeedEditor::proxyShown() const
{
    return net::SecretMask::maskedAddress(proxy());
}

namespace {
QStringList splitSubprotocols(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString name = part.trimmed(); !name.isEmpty())
            names.append(name);
    return names;
}
} // namespace

QString FeedEditor::subprotocolsText() const
{
    QStringList names;
    for (const QJsonValue &name : m_draft.value(QStringLiteral("subprotocols")).toArray())
        names.append(name.toString());
    if (splitSubprotocols(m_subprotocolsText) == names)
        return m_subprotocolsText;
    return names.join(QStringLiteral(", "));
}

void FeedEditor::setSubprotocolsText(const QString &text)
{
    if (!m_active)
        return;
    m_subprotocolsText = text;
    const QStringList names = splitSubprotocols(text);
    if (names.isEmpty()) {
        if (!m_draft.contains(QStringLiteral("subprotocols")))
            return;
        m_draft.remove(QStringLiteral("subprotocols"));
    } else {
        const QJsonArray array = QJsonArray::fromStringList(names);
        if (m_draft.value(QStringLiteral("subprotocols")).toArray() == array)
            return;
        m_draft.insert(QStringLiteral("subprotocols"), array);
    }
    changed();
}

QString FeedEditor::transport() const
{
    return m_draft.value(QStringLiteral("transport")).toString(workspace::FeedConfig{}.transport);
}

void FeedEditor::setTransport(const QString &name)
{
    if (!m_active || name == transport())
        return;
    if (name == workspace::FeedConfig{}.transport)
        m_draft.remove(QStringLiteral("transport")); // the default is not written
    else
        m_draft.insert(QStringLiteral("transport"), name);
    changed();
}

QString FeedEditor::protocol() const
{
    return m_draft.value(kProtocol).toString();
}

void FeedEditor::setProtocol(const QString &protocol)
{
    if (protocol == this->protocol())
        return;
    // Options belong to a protocol; a mapping starts from the template so there is something to adapt.
    m_draft.remove(kOptions);
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    const QJsonObject starter = description ? starterFeed(*description) : QJsonObject();
    if (starter.contains(kOptions))
        m_draft.insert(kOptions, starter.value(kOptions));
    if (starter.contains(kJson) && !m_draft.value(kJson).isObject()) {
        m_draft.insert(kJson, starter.value(kJson));
        loadMappingTexts();
    }
    setValue(kProtocol, protocol);
}

QStringList FeedEditor::channels() const
{
    return listOption(m_draft, QStringLiteral("coinbase"), QStringLiteral("channels"));
}

void FeedEditor::setChannels(const QStringList &channels)
{
    setNested(kOptions, QStringLiteral("channels"), toArray(channels));
}

QStringList FeedEditor::streams() const
{
    return listOption(m_draft, QStringLiteral("binance"), QStringLiteral("streams"));
}

void FeedEditor::setStreams(const QStringList &streams)
{
    setNested(kOptions, QStringLiteral("streams"), toArray(streams));
}

bool FeedEditor::natsHistory() const
{
    return optionValue(m_draft, QStringLiteral("nats"), QStringLiteral("history")).toBool(true);
}

void FeedEditor::setNatsHistory(bool on)
{
    if (!m_active || on == natsHistory())
        return;
    if (on)
        removeOption(QStringLiteral("history")); // the default is not written
    else
        setNested(kOptions, QStringLiteral("history"), false);
}

QString FeedEditor::textOption(const QString &key) const
{
    return m_draft.value(kOptions).toObject().value(key).toString();
}

void FeedEditor::setTextOption(const QString &key, const QString &text)
{
    if (!m_active || text == textOption(key))
        return;
    if (text.isEmpty())
        removeOption(key);
    else
        setNested(kOptions, key, text);
}

void FeedEditor::removeOption(const QString &key)
{
    QJsonObject options = m_draft.value(kOptions).toObject();
    options.remove(key);
    if (options.isEmpty())
        m_draft.remove(kOptions);
    else
        m_draft.insert(kOptions, options);
    changed();
}

void FeedEditor::setHeaders(const QVariantList &headers)
{
    m_headers = headers;
    QJsonObject object;
    for (const QVariant &row : headers) {
        const QVariantMap map = row.toMap();
        const QString name = map.value(kName).toString().trimmed();
        if (!name.isEmpty())
            object.insert(name, map.value(QStringLiteral("value")).toString());
    }
    if (object.isEmpty())
        m_draft.remove(kHeaders);
    else
        m_draft.insert(kHeaders, object);
    changed();
}

int FeedEditor::initialDelayMs() const
{
    return m_draft.value(kReconnect).toObject().value(QStringLiteral("initial_ms")).toInt(500);
}

void FeedEditor::setInitialDelayMs(int ms)
{
    setNested(kReconnect, QStringLiteral("initial_ms"), ms);
}

int FeedEditor::maxDelayMs() const
{
    return m_draft.value(kReconnect).toObject().value(QStringLiteral("max_ms")).toInt(30000);
}

void FeedEditor::setMaxDelayMs(int ms)
{
    setNested(kReconnect, QStringLiteral("max_ms"), ms);
}

int FeedEditor::staleAfterMs() const
{
    return m_draft.value(QStringLiteral("stale_after_ms")).toInt(10000);
}

void FeedEditor::setStaleAfterMs(int ms)
{
    setValue(QStringLiteral("stale_after_ms"), ms);
}

int FeedEditor::pingIntervalMs() const
{
    return m_draft.value(QStringLiteral("ping_interval_ms")).toInt(workspace::FeedConfig{}.pingIntervalMs);
}

void FeedEditor::setPingIntervalMs(int ms)
{
    setValue(QStringLiteral("ping_interval_ms"), ms);
}

int FeedEditor::maxMessageBytes() const
{
    return m_draft.value(QStringLiteral("max_message_bytes")).toInt(1024 * 1024);
}

void FeedEditor::setMaxMessageBytes(int bytes)
{
    setValue(QStringLiteral("max_message_bytes"), bytes);
}

int FeedEditor::maxSymbolBytes() const
{
    return m_draft.value(QStringLiteral("max_symbol_bytes")).toInt(workspace::FeedConfig{}.maxSymbolBytes);
}

void FeedEditor::setMaxSymbolBytes(int bytes)
{
    setValue(QStringLiteral("max_symbol_bytes"), bytes);
}

int FeedEditor::maxRows() const
{
    return m_draft.value(QStringLiteral("max_rows")).toInt(workspace::FeedConfig{}.maxRows);
}

void FeedEditor::setMaxRows(int rows)
{
    setValue(QStringLiteral("max_rows"), rows);
}

int FeedEditor::historyPoints() const
{
    return m_draft.value(QStringLiteral("history_points")).toInt(workspace::FeedConfig{}.historyPoints);
}

void FeedEditor::setHistoryPoints(int points)
{
    setValue(QStringLiteral("history_points"), points);
}

void FeedEditor::setSubscribeTemplate(const QString &text)
{
    m_subscribeText = text;
    changed();
}

void FeedEditor::setUnsubscribeTemplate(const QString &text)
{
    m_unsubscribeText = text;
    changed();
}

void FeedEditor::setMatchFilter(const QString &text)
{
    m_matchText = text;
    changed();
}

void FeedEditor::setKeyFields(const QString &text)
{
    m_keyText = text;
    changed();
}

void FeedEditor::setTimeField(const QString &text)
{
    m_timeText = text;
    changed();
}

void FeedEditor::setValueFields(const QString &text)
{
    m_fieldsText = text;
    changed();
}

QString FeedEditor::compression() const
{
    return m_draft.value(QStringLiteral("compression")).toString(workspace::compressionNames().constFirst());
}

void FeedEditor::setCompression(const QString &name)
{
    setValue(QStringLiteral("compression"), name);
}

QString FeedEditor::payload() const
{
    return m_draft.value(QStringLiteral("payload")).toString(workspace::payloadNames().constFirst());
}

void FeedEditor::setPayload(const QString &name)
{
    setValue(QStringLiteral("payload"), name);
}

void FeedEditor::setValue(const QString &key, const QJsonValue &value)
{
    if (!m_active || m_draft.value(key) == value)
        return;
    m_draft.insert(key, value);
    changed();
}

void FeedEditor::setNested(const QString &section, const QString &key, const QJsonValue &value)
{
    QJsonObject object = m_draft.value(section).toObject();
    if (!m_active || object.value(key) == value)
        return;
    object.insert(key, value);
    m_draft.insert(section, object);
    changed();
}

void FeedEditor::rebuildMapping()
{
    m_ownProblems.clear();
    if (protocol() != QLatin1String("json"))
        return;
    QJsonObject mapping = m_draft.value(kJson).toObject();
    // Templates and the match filter are JSON the user types: check the syntax here, the
    // mapping's own rules below. Until it parses, the last good value stays in the draft.
    const auto setJson = [&](const QString &key, const QString &text, bool objectOnly) {
        if (text.trimmed().isEmpty()) {
            mapping.remove(key);
            return;
        }
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            m_ownProblems.insert(QStringLiteral("json.") + key,
                                 tr("not valid JSON at character %1: %2").arg(error.offset + 1).arg(error.errorString()));
        } else if (objectOnly && !document.isObject()) {
            m_ownProblems.insert(QStringLiteral("json.") + key, tr("must be an object such as {\"type\": \"update\"}"));
        } else {
            mapping.insert(key, document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()));
        }
    };
    setJson(QStringLiteral("subscribe"), m_subscribeText, false);
    setJson(QStringLiteral("unsubscribe"), m_unsubscribeText, false);
    setJson(QStringLiteral("match"), m_matchText, true);
    mapping.insert(QStringLiteral("key"), listFromText(m_keyText));
    mapping.insert(QStringLiteral("fields"), listFromText(m_fieldsText));
    if (m_timeText.trimmed().isEmpty())
        mapping.remove(QStringLiteral("time"));
    else
        mapping.insert(QStringLiteral("time"), m_timeText.trimmed());
    m_draft.insert(kJson, mapping);
}

void FeedEditor::changed()
{
    if (!m_active)
        return;
    rebuildMapping();
    QJsonObject feed = m_draft;
    feed.insert(QStringLiteral("id"), m_feedId.isEmpty() ? m_document.freeId(name()) : m_feedId);
    const workspace::FeedCheck check = workspace::checkFeed(feed, codec::knownProtocols());
    m_problems = m_ownProblems;
    for (const workspace::WorkspaceProblem &problem : check.problems)
        if (!m_problems.contains(problem.jsonPath))
            m_problems.insert(problem.jsonPath, problem.message);
    // Header rows with a value but no name would be dropped silently: say so instead.
    for (const QVariant &row : std::as_const(m_headers)) {
        const QVariantMap map = row.toMap();
        if (map.value(kName).toString().trimmed().isEmpty() && !map.value(QStringLiteral("value")).toString().isEmpty())
            m_problems.insert(kHeaders, tr("a header has a value but no name; name it or remove the row"));
    }
    if (name().trimmed().isEmpty())
        m_problems.insert(kName, tr("is empty; give the feed a name people will recognise"));
    m_applyError.clear();
    emit draftChanged();
}

QString FeedEditor::addSymbols(const QString &text)
{
    if (!m_active)
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
    if (!m_active)
        return;
    m_draft.insert(kSymbols, toArray(symbols));
    if (!m_feedId.isEmpty()) {
        // An existing feed subscribes at once: the running connection sends the deltas.
        m_baseline.insert(kSymbols, toArray(symbols));
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
    if (!m_active || m_feedId.isEmpty())
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
