#include "core/relay/HistoryStream.h"

#include "core/codec/nats/JetStream.h"

#include <QLoggingCategory>

namespace feeddeck::relay {

Q_DECLARE_LOGGING_CATEGORY(lcRelay)

namespace {

// JetStream's err_code for "stream name already in use with a different configuration".
constexpr int kStreamNameInUse = 10058;

} // namespace

HistoryStream::HistoryStream(QString subjectPrefix, qint64 maxAgeMs, qint64 maxBytes)
    : m_name(codec::nats::streamNameFor(subjectPrefix))
    , m_subjects{subjectPrefix + QStringLiteral(".>")}
    , m_maxAgeMs(maxAgeMs)
    , m_maxBytes(maxBytes)
    , m_state(maxAgeMs > 0 ? State::Preparing : State::Off)
{
}

void HistoryStream::prepare(NatsPublisher &publisher, std::function<void()> ready)
{
    if (m_state == State::Off) {
        ready();
        return;
    }
    if (!publisher.serverHasJetStream()) {
        unavailable(QStringLiteral("%1 runs without JetStream, so desktops started later get no history; start "
                                   "nats-server with -js or the jetstream block of feeddeck-nats.conf")
                        .arg(publisher.server().toString()),
                    ready);
        return;
    }
    m_state = State::Preparing;
    const QByteArray config = codec::nats::streamConfig(m_name, m_subjects, m_maxAgeMs, m_maxBytes);
    publisher.request(codec::nats::streamCreateSubject(m_name), config,
                      [this, &publisher, ready](const NatsPublisher::Reply &reply) {
                          onAnswer(publisher, reply, false, ready);
                      });
}

void HistoryStream::onAnswer(NatsPublisher &publisher, const NatsPublisher::Reply &reply, bool updating,
                             const std::function<void()> &ready)
{
    if (!reply.answered || reply.noResponders) {
        unavailable(QStringLiteral("JetStream did not answer about stream %1").arg(m_name), ready);
        return;
    }
    const codec::nats::ApiResponse response = codec::nats::parseApiResponse(reply.payload);
    if (response.ok) {
        m_state = State::Ready;
        m_lastError.clear();
        qCInfo(lcRelay).noquote() << QStringLiteral("history: stream %1 keeps %2 min and %3 MiB at most")
                                         .arg(m_name)
                                         .arg(m_maxAgeMs / 60'000)
                                         .arg(m_maxBytes / (1024 * 1024));
        ready();
        return;
    }
    // The stream exists with other limits (an earlier relay's --history): bring them to ours.
    if (!updating && response.errorCode == kStreamNameInUse) {
        const QByteArray config = codec::nats::streamConfig(m_name, m_subjects, m_maxAgeMs, m_maxBytes);
        publisher.request(codec::nats::streamUpdateSubject(m_name), config,
                          [this, &publisher, ready](const NatsPublisher::Reply &answer) {
                              onAnswer(publisher, answer, true, ready);
                          });
        return;
    }
    unavailable(QStringLiteral("JetStream refused stream %1: %2").arg(m_name, response.description), ready);
}

void HistoryStream::unavailable(const QString &why, const std::function<void()> &ready)
{
    if (m_state != State::Unavailable || m_lastError != why)
        qCWarning(lcRelay).noquote() << "history:" << why << "- publishing live updates only";
    m_state = State::Unavailable;
    m_lastError = why;
    ready();
}

QString historyStateName(HistoryStream::State state)
{
    switch (state) {
    case HistoryStream::State::Off: return QStringLiteral("off");
    case HistoryStream::State::Preparing: return QStringLiteral("preparing");
    case HistoryStream::State::Ready: return QStringLiteral("ready");
    case HistoryStream::State::Unavailable: return QStringLiteral("unavailable");
    }
    return {};
}

} // namespace feeddeck::relay
