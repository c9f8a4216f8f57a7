#include "app/editor/ConnectionTester.h"

#include "app/editor/FeedEditor.h"
#include "core/codec/Excerpt.h"
#include "core/feed/FeedManager.h"
#include "core/net/SecretMask.h"
#include "core/workspace/UrlTemplate.h"

namespace feeddeck::app::editor {

namespace {

// Server text is shown only as a printable excerpt: no control characters, bounded length.
QString shown(const QString &serverText)
{
    const QByteArray utf8 = serverText.toUtf8();
    return codec::excerpt(std::string_view(utf8.constData(), std::size_t(utf8.size())),
                          ConnectionTester::kMaxShownChars);
}

} // namespace

ConnectionTester::ConnectionTester(feed::FeedManager &engine, FeedEditor &editor, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_editor(editor)
{
    // A result belongs to the feed it was taken for.
    connect(&m_editor, &FeedEditor::draftChanged, this, [this] {
        if (m_editor.feedId() != m_testedFeed || !m_editor.isActive())
            clear();
    });
}

void ConnectionTester::clear()
{
    ++m_generation;
    m_testedFeed = m_editor.feedId();
    m_running = false;
    m_ok = false;
    m_summary.clear();
    m_messages.clear();
    m_rawMessages.clear();
    m_problems.clear();
    emit changed();
}

void ConnectionTester::start()
{
    clear();
    const std::optional<workspace::FeedConfig> config = m_editor.draftConfig();
    if (!config) {
        m_summary = tr("Fix the settings marked in red first");
        emit changed();
        return;
    }
    m_running = true;
    m_summary = tr("Connecting to %1…").arg(net::SecretMask::maskedAddress(workspace::templateText(config->url)));
    emit changed();
    const quint64 generation = m_generation;
    m_engine.probe(*config, [this, generation](const feed::ProbeReport &report) {
        if (generation == m_generation)
            onReport(report);
    });
}

void ConnectionTester::onReport(const feed::ProbeReport &report)
{
    m_running = false;
    m_ok = report.ok();
    QStringList parts;
    if (report.opened)
        parts.append(tr("Handshake OK in %1 ms").arg(report.openedAfterMs));
    if (report.messages > 0)
        parts.append((report.messages == 1 ? tr("1 message received") : tr("%1 messages received").arg(report.messages))
                     + tr(", %1 with values").arg(report.updates));
    if (!report.error.isEmpty())
        parts.append(report.error);
    // Each refused symbol with the server's reason.
    for (auto it = report.rejectedSymbols.cbegin(); it != report.rejectedSymbols.cend(); ++it)
        parts.append(tr("the server refused %1: %2").arg(it.key(), shown(it.value())));
    m_summary = parts.join(QStringLiteral("; "));
    m_messages.clear();
    m_rawMessages = report.recentMessages;
    for (const QString &message : report.recentMessages)
        m_messages.append(shown(message));
    m_problems = report.problems;
    emit changed();
}

} // namespace feeddeck::app::editor
