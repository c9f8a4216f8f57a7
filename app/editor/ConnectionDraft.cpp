#include "app/editor/ConnectionDraft.h"

#include "core/net/SecretMask.h"
#include "core/workspace/WireFormat.h"

#include <QVariantMap>

namespace feeddeck::app::editor {

namespace {

const QString kName = QStringLiteral("name");
const QString kValue = QStringLiteral("value");

QStringList splitSubprotocols(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString name = part.trimmed(); !name.isEmpty())
            names.append(name);
    return names;
}

} // namespace

ConnectionDraft::ConnectionDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent)
    : QObject(parent)
    , m_draft(draft)
    , m_edited(std::move(edited))
{
}

void ConnectionDraft::reload()
{
    m_headers.clear();
    for (const auto &[name, value] : std::as_const(m_draft.config.headers))
        m_headers.append(QVariantMap{{kName, name}, {kValue, value}});
    m_subprotocolsText.clear();
    emit changed();
}

void ConnectionDraft::edited()
{
    emit changed();
    m_edited();
}

std::optional<QString> ConnectionDraft::headerProblem() const
{
    for (const QVariant &row : m_headers) {
        const QVariantMap map = row.toMap();
        if (map.value(kName).toString().trimmed().isEmpty() && !map.value(kValue).toString().isEmpty())
            return tr("a header has a value but no name; name it or remove the row");
    }
    return std::nullopt;
}

void ConnectionDraft::setHeaders(const QVariantList &headers)
{
    if (!m_draft.open)
        return;
    m_headers = headers;
    QList<QPair<QString, QString>> named;
    for (const QVariant &row : headers) {
        const QVariantMap map = row.toMap();
        if (const QString name = map.value(kName).toString().trimmed(); !name.isEmpty())
            named.append({name, map.value(kValue).toString()});
    }
    m_draft.config.headers = named;
    edited();
}

void ConnectionDraft::setProxy(const QString &proxy)
{
    if (!m_draft.open || proxy == m_draft.config.proxy)
        return;
    m_draft.config.proxy = proxy;
    edited();
}

QString ConnectionDraft::proxyShown() const
{
    return net::SecretMask::maskedAddress(proxy());
}

QString ConnectionDraft::subprotocolsText() const
{
    if (splitSubprotocols(m_subprotocolsText) == m_draft.config.subprotocols)
        return m_subprotocolsText;
    return m_draft.config.subprotocols.join(QStringLiteral(", "));
}

void ConnectionDraft::setSubprotocolsText(const QString &text)
{
    if (!m_draft.open)
        return;
    m_subprotocolsText = text;
    const QStringList names = splitSubprotocols(text);
    if (names == m_draft.config.subprotocols)
        return;
    m_draft.config.subprotocols = names;
    edited();
}

void ConnectionDraft::setTransport(const QString &name)
{
    if (!m_draft.open || name == m_draft.config.transport)
        return;
    m_draft.config.transport = name;
    edited();
}

QString ConnectionDraft::compression() const
{
    return workspace::compressionName(m_draft.config.compression);
}

void ConnectionDraft::setCompression(const QString &name)
{
    const std::optional<workspace::Compression> compression = workspace::compressionFromName(name);
    if (!m_draft.open || !compression || *compression == m_draft.config.compression)
        return;
    m_draft.config.compression = *compression;
    edited();
}

QString ConnectionDraft::payload() const
{
    return workspace::payloadName(m_draft.config.payload);
}

void ConnectionDraft::setPayload(const QString &name)
{
    const std::optional<workspace::Payload> payload = workspace::payloadFromName(name);
    if (!m_draft.open || !payload || *payload == m_draft.config.payload)
        return;
    m_draft.config.payload = *payload;
    edited();
}

} // namespace feeddeck::app::editor
