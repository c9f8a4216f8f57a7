#include "app/editor/MappingPreview.h"

#include "app/editor/ConnectionTester.h"
#include "app/editor/FeedEditor.h"
#include "core/codec/CodecRegistry.h"
#include "core/export/Format.h"
#include "core/feed/FeedCodecOptions.h"
#include "core/feed/FeedManager.h"

#include <QDateTime>

namespace feeddeck::app::editor {

namespace {

constexpr qsizetype kMaxPreviewBytes = 1024 * 1024; // a pasted message is bounded like a received one

} // namespace

MappingPreview::MappingPreview(feed::FeedManager &engine, FeedEditor &editor, ConnectionTester &tester, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_editor(editor)
    , m_tester(tester)
{
    connect(&m_editor, &FeedEditor::draftChanged, this, &MappingPreview::evaluate);
    connect(&m_editor, &FeedEditor::feedAdded, this, [this] { ++m_generation; });
    connect(&m_tester, &ConnectionTester::changed, this, [this] {
        if (!m_tester.rawMessages().isEmpty())
            setSamples(m_tester.rawMessages());
    });
}

void MappingPreview::fetchRecent()
{
    const QString feedId = m_editor.feedId();
    if (feedId.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    m_engine.requestRecentMessages(feedId, [this, generation](const QStringList &messages) {
        if (generation != m_generation)
            return;
        if (messages.isEmpty()) {
            m_verdict = tr("The feed has not received any message yet; press Test connection instead");
            emit changed();
            return;
        }
        setSamples(messages);
    });
}

void MappingPreview::useSample(int index)
{
    if (index >= 0 && index < m_samples.size())
        setMessage(m_samples.at(index));
}

void MappingPreview::setSamples(const QStringList &samples)
{
    m_samples = samples;
    // The newest message is the one people expect to see first.
    setMessage(samples.isEmpty() ? QString() : samples.constLast());
    emit changed();
}

void MappingPreview::setMessage(const QString &message)
{
    if (message == m_message && !m_verdict.isEmpty())
        return;
    m_message = message;
    evaluate();
}

void MappingPreview::evaluate()
{
    m_rows.clear();
    if (!m_editor.isActive()) {
        m_verdict.clear();
        emit changed();
        return;
    }
    if (m_message.trimmed().isEmpty()) {
        m_verdict = tr("No message to preview yet: press Test connection, take the feed's latest, or paste one");
        emit changed();
        return;
    }
    const std::optional<workspace::FeedConfig> config = m_editor.draftConfig();
    if (!config) {
        m_verdict = tr("Fix the settings marked in red first");
        emit changed();
        return;
    }
    QString error;
    const std::unique_ptr<codec::FeedCodec> codec = codec::makeCodec(feed::codecOptions(*config), &error);
    if (!codec) {
        m_verdict = error;
        emit changed();
        return;
    }
    const QByteArray bytes = m_message.toUtf8().left(kMaxPreviewBytes);
    const codec::DecodeResult result = codec->decode(bytes, QDateTime::currentMSecsSinceEpoch());
    for (const data::Update &update : result.updates) {
        QStringList values;
        for (const data::FieldValue &field : update.fields)
            values.append(field.name + QStringLiteral(" = ") + QString::fromLatin1(feeddeck::exporting::formatNumber(field.value)));
        m_rows.append(QVariantMap{
            {QStringLiteral("symbol"), update.symbol},
            {QStringLiteral("values"), values.join(QStringLiteral(" · "))},
            {QStringLiteral("time"), update.sourceMs == data::kNoTime
                                         ? tr("no time field")
                                         : QString::fromLatin1(feeddeck::exporting::formatIsoTimeMs(update.sourceMs))}});
    }
    const QString firstIssue = result.issues.isEmpty() ? QString() : result.issues.constFirst().detail;
    switch (result.kind) {
    case codec::FrameKind::Data:
        m_verdict = m_rows.isEmpty() ? tr("A data message, but for no symbol this preview can show")
                     : m_rows.size() == 1 ? tr("1 row from this message")
                                          : tr("%1 rows from this message").arg(m_rows.size());
        break;
    case codec::FrameKind::Control:
        if (!firstIssue.isEmpty())
            m_verdict = tr("The server reports an error: %1").arg(firstIssue);
        else if (result.subscriptionAck)
            m_verdict = tr("A subscription acknowledgement: no values, nothing to show");
        else if (config->protocol == QLatin1String("json"))
            m_verdict = tr("Ignored: the message does not match the match filter %1").arg(m_editor.mapping()->matchFilter());
        else
            m_verdict = tr("Ignored: not a message with values (a heartbeat, acknowledgement or other type)");
        break;
    case codec::FrameKind::Bad:
        m_verdict = tr("Bad message: %1").arg(firstIssue.isEmpty() ? tr("it cannot be read") : firstIssue);
        break;
    }
    emit changed();
}

} // namespace feeddeck::app::editor
