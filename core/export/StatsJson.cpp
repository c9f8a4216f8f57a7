#include "core/export/StatsJson.h"

#include "core/codec/JsonText.h"
#include "core/export/Format.h"

#include <QJsonDocument>
#include <QString>
#include <QStringView>

#include <cmath>

#include <utility>

namespace feeddeck::exporting {

namespace {

// Written by hand rather than through QJsonObject, which would sort the keys:
// the file reads in the order DESIGN.md documents.
class JsonOut
{
public:
    QByteArray take() { return std::move(m_out); }

    void open(char bracket)
    {
        m_out.append(bracket);
        ++m_depth;
        m_first = true;
    }
    void close(char bracket)
    {
        --m_depth;
        if (!m_first)
            newline();
        m_out.append(bracket);
        m_first = false;
    }
    // Starts an element: the key of an object member, or none for an array item.
    void key(const char *name)
    {
        element();
        m_out.append('"').append(name).append("\": ");
    }
    void element()
    {
        if (!m_first)
            m_out.append(',');
        newline();
        m_first = false;
    }

    void integer(qint64 v) { appendInteger(m_out, v); }
    void unsignedInteger(quint64 v) { m_out.append(QByteArray::number(v)); }
    void number(double v)
    {
        const qsizetype before = m_out.size();
        appendNumber(m_out, v);
        if (m_out.size() == before) // JSON has no NaN or infinity
            null();
    }
    void null() { m_out.append("null"); }
    void string(QStringView s) { codec::appendJsonString(m_out, s); }
    // An object built elsewhere, indented as the rest (its keys in QJsonObject's order).
    void object(const QJsonObject &object)
    {
        QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented).trimmed();
        text.replace("\n", "\n" + QByteArray(m_depth * 4, ' '));
        m_out.append(text);
        m_first = false;
    }

private:
    void newline()
    {
        m_out.append('\n');
        m_out.append(QByteArray(m_depth * 4, ' '));
    }

    QByteArray m_out;
    int m_depth = 0;
    bool m_first = true;
};

} // namespace

QByteArray statsJson(qint64 durationMs, const QList<feed::FeedStatus> &feeds,
                     const std::optional<UiStats> &ui, const QList<StatsSection> &sections)
{
    JsonOut j;
    j.open('{');
    j.key("version");
    j.integer(1);
    j.key("duration_ms");
    j.integer(durationMs);
    j.key("feeds");
    j.open('[');
    for (const feed::FeedStatus &f : feeds) {
        const feed::FeedCounters &c = f.counters;
        j.element();
        j.open('{');
        j.key("id");
        j.string(f.id);
        j.key("state");
        j.string(feed::stateName(f.state));
        const std::pair<const char *, quint64> counters[] = {
            {"attempts", c.attempts},
            {"connects", c.connects},
            {"disconnects", c.disconnects},
            {"messages", c.messages},
            {"updates", c.updates},
            {"ignored", c.ignored},
            {"bad_messages", c.badMessages},
            {"oversize", c.oversize},
            {"bytes", c.bytes},
            {"wire_bytes", c.wireBytes},
        };
        for (const auto &[name, value] : counters) {
            j.key(name);
            j.unsignedInteger(value);
        }
        j.key("first_message_ms");
        if (c.firstMessageMs >= 0)
            j.integer(c.firstMessageMs);
        else
            j.null();
        j.key("last_message_ms");
        if (c.lastMessageMs >= 0)
            j.integer(c.lastMessageMs);
        else
            j.null();
        // The subprotocol the server chose for the current connection (null: none offered or not open).
        j.key("subprotocol");
        if (f.subprotocol.isEmpty())
            j.null();
        else
            j.string(f.subprotocol);
        // Round trip of the client's pings: the last one and the median over the last minute.
        j.key("rtt_ms");
        j.open('{');
        j.key("last");
        if (f.rttMs >= 0)
            j.number(std::round(f.rttMs * 100.0) / 100.0); // 10 µs: finer is noise
        else
            j.null();
        j.key("median_1m");
        if (f.rttMedianMs >= 0)
            j.number(std::round(f.rttMedianMs * 100.0) / 100.0);
        else
            j.null();
        j.close('}');
        j.key("last_error");
        if (f.lastError.isEmpty())
            j.null();
        else
            j.string(f.lastError);
        j.close('}');
    }
    j.close(']');
    if (ui) {
        j.key("ui");
        j.open('{');
        j.key("frames");
        j.unsignedInteger(ui->frames);
        j.key("max_frame_gap_ms");
        j.number(ui->maxFrameGapMs);
        j.key("first_value_ms");
        if (ui->firstValueMs >= 0)
            j.integer(ui->firstValueMs);
        else
            j.null();
        j.key("steady");
        j.open('{');
        j.key("frames");
        j.unsignedInteger(ui->steadyFrames);
        j.key("duration_ms");
        j.number(ui->steadyMs);
        j.key("fps");
        j.number(ui->steadyFrames > 1 && ui->steadyMs > 0 ? double(ui->steadyFrames - 1) * 1000.0 / ui->steadyMs
                                                            : 0.0);
        j.key("max_frame_gap_ms");
        j.number(ui->steadyMaxFrameGapMs);
        j.close('}');
        j.close('}');
    }
    for (const StatsSection &section : sections) {
        j.key(section.name.toUtf8().constData());
        j.object(section.object);
    }
    j.close('}');
    QByteArray out = j.take();
    out.append('\n');
    return out;
}

} // namespace feeddeck::exporting
