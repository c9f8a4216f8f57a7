#include "app/editor/ProtocolOptionsDraft.h"

#include "core/codec/CodecRegistry.h"

#include <QJsonArray>

namespace feeddeck::app::editor {

namespace {

const QString kCoinbase = QStringLiteral("coinbase");
const QString kBinance = QStringLiteral("binance");
const QString kNats = QStringLiteral("nats");

// The codec's default for option `key` of `protocol`, as the registry describes it.
QJsonValue defaultOf(const QString &protocol, const QString &key)
{
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    return description ? description->defaultValue(key) : QJsonValue();
}

// A list option (channels, streams) as `options` holds it, or the codec's default.
QStringList listOption(const QJsonObject &options, const QString &protocol, const QString &key)
{
    const QJsonValue value = options.value(key);
    QStringList list;
    for (const QJsonValue &item : (value.isArray() ? value : defaultOf(protocol, key)).toArray())
        list.append(item.toString());
    return list;
}

QStringList allowedNames(const QString &protocol, const QString &key)
{
    const codec::ProtocolDescription *description = codec::protocolNamed(protocol);
    return description ? description->allowedValues(key) : QStringList();
}

} // namespace

ProtocolOptionsDraft::ProtocolOptionsDraft(FeedDraft &draft, std::function<void()> edited, QObject *parent)
    : QObject(parent)
    , m_draft(draft)
    , m_edited(std::move(edited))
{
}

QStringList ProtocolOptionsDraft::protocols()
{
    return codec::knownProtocols();
}

QStringList ProtocolOptionsDraft::coinbaseChannels()
{
    return allowedNames(kCoinbase, QStringLiteral("channels"));
}

QStringList ProtocolOptionsDraft::binanceStreams()
{
    return allowedNames(kBinance, QStringLiteral("streams"));
}

QStringList ProtocolOptionsDraft::channels() const
{
    return listOption(m_draft.config.options, kCoinbase, QStringLiteral("channels"));
}

void ProtocolOptionsDraft::setChannels(const QStringList &channels)
{
    setOption(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
}

QStringList ProtocolOptionsDraft::streams() const
{
    return listOption(m_draft.config.options, kBinance, QStringLiteral("streams"));
}

void ProtocolOptionsDraft::setStreams(const QStringList &streams)
{
    setOption(QStringLiteral("streams"), QJsonArray::fromStringList(streams));
}

bool ProtocolOptionsDraft::natsHistory() const
{
    const QJsonValue value = m_draft.config.options.value(QStringLiteral("history"));
    return (value.isBool() ? value : defaultOf(kNats, QStringLiteral("history"))).toBool(true);
}

void ProtocolOptionsDraft::setNatsHistory(bool on)
{
    if (on == natsHistory())
        return;
    // The default is not written.
    setOption(QStringLiteral("history"), on ? QJsonValue(QJsonValue::Undefined) : QJsonValue(false));
}

QString ProtocolOptionsDraft::textOption(const QString &key) const
{
    return m_draft.config.options.value(key).toString();
}

void ProtocolOptionsDraft::setTextOption(const QString &key, const QString &text)
{
    if (text == textOption(key))
        return;
    setOption(key, text.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text));
}

void ProtocolOptionsDraft::setOption(const QString &key, const QJsonValue &value)
{
    QJsonObject &options = m_draft.config.options;
    if (!m_draft.open || options.value(key) == value)
        return;
    if (value.isUndefined())
        options.remove(key);
    else
        options.insert(key, value);
    emit changed();
    m_edited();
}

} // namespace feeddeck::app::editor
