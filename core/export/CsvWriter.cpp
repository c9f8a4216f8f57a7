#include "core/export/CsvWriter.h"

#include "core/export/Format.h"

#include <QFileDevice>
#include <QIODevice>

namespace feeddeck::exporting {

namespace {

constexpr qsizetype kFlushThreshold = 64 * 1024;
constexpr char32_t kReplacement = 0xFFFD;

constexpr bool isControl(char32_t c) noexcept
{
    // C0 (except tab, LF, CR), DEL and C1: invisible, and some break spreadsheet import.
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
}

constexpr bool isFormulaStart(QChar c) noexcept
{
    const char16_t u = c.unicode();
    return u == '=' || u == '+' || u == '-' || u == '@' || u == '\t' || u == '\r';
}

char validDelimiter(char d) noexcept
{
    return (d == ',' || d == ';' || d == '\t' || d == '|') ? d : ',';
}

void appendUtf8(QByteArray &out, char32_t c)
{
    if (c < 0x80) {
        out.append(char(c));
    } else if (c < 0x800) {
        out.append(char(0xC0 | (c >> 6)));
        out.append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.append(char(0xE0 | (c >> 12)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    } else {
        out.append(char(0xF0 | (c >> 18)));
        out.append(char(0x80 | ((c >> 12) & 0x3F)));
        out.append(char(0x80 | ((c >> 6) & 0x3F)));
        out.append(char(0x80 | (c & 0x3F)));
    }
}

} // namespace

CsvWriter::CsvWriter(QIODevice &device, CsvOptions options)
    : m_device(device), m_delimiter(validDelimiter(options.delimiter)), m_bomPending(options.bom)
{
    m_buffer.reserve(kFlushThreshold + 1024);
}

void CsvWriter::beginCell()
{
    if (m_bomPending) {
        m_buffer.append("\xEF\xBB\xBF");
        m_bomPending = false;
    }
    if (m_rowStarted)
        m_buffer.append(m_delimiter);
    m_rowStarted = true;
}

void CsvWriter::addText(QStringView text)
{
    beginCell();
    bool quote = false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == m_delimiter || u == '"' || u == '\r' || u == '\n') {
            quote = true;
            break;
        }
    }
    if (quote)
        m_buffer.append('"');
    if (!text.isEmpty() && isFormulaStart(text.front()))
        m_buffer.append('\'');

    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x80 && u >= 0x20 && u != '"' && u != 0x7F) {
            m_buffer.append(char(u));
            continue;
        }
        char32_t c = u;
        if (QChar::isHighSurrogate(u)) {
            if (i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
                c = QChar::surrogateToUcs4(u, text[i + 1].unicode());
                ++i;
            } else {
                c = kReplacement;
            }
        } else if (QChar::isLowSurrogate(u)) {
            c = kReplacement; // unpaired: not encodable as UTF-8
        } else if (u == '"') {
            m_buffer.append("\"\"");
            continue;
        } else if (isControl(c)) {
            c = kReplacement;
        }
        appendUtf8(m_buffer, c);
    }
    if (quote)
        m_buffer.append('"');
    flushIfFull();
}

void CsvWriter::addNumber(double value)
{
    beginCell();
    appendNumber(m_buffer, value);
    flushIfFull();
}

void CsvWriter::addInteger(qint64 value)
{
    beginCell();
    appendInteger(m_buffer, value);
    flushIfFull();
}

void CsvWriter::addRaw(QByteArrayView cell)
{
    beginCell();
    bool quote = false;
    for (char c : cell) {
        if (c == m_delimiter || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        m_buffer.append(cell);
    } else {
        m_buffer.append('"');
        for (char c : cell) {
            if (c == '"')
                m_buffer.append('"');
            m_buffer.append(c);
        }
        m_buffer.append('"');
    }
    flushIfFull();
}

void CsvWriter::addEmpty()
{
    beginCell();
}

void CsvWriter::endRow()
{
    if (m_bomPending) {
        m_buffer.append("\xEF\xBB\xBF");
        m_bomPending = false;
    }
    m_buffer.append("\r\n");
    m_rowStarted = false;
    flushIfFull();
}

void CsvWriter::flushIfFull()
{
    if (m_buffer.size() >= kFlushThreshold)
        flush();
}

void CsvWriter::flush()
{
    if (m_failed || m_buffer.isEmpty()) {
        m_buffer.clear();
        return;
    }
    // A file reports a full disk part-way as a short write without an error:
    // write the rest again so the device tells the reason.
    const char *data = m_buffer.constData();
    qint64 left = m_buffer.size();
    while (left > 0) {
        const qint64 written = m_device.write(data, left);
        if (written <= 0) {
            m_failed = true;
            m_error = written < 0 ? osReason(m_device.errorString())
                                  : QStringLiteral("the device accepted no more data");
            break;
        }
        data += written;
        left -= written;
    }
    m_buffer.clear();
}

bool CsvWriter::finish(QString *error)
{
    if (m_bomPending) { // an empty export is still a UTF-8 file with a BOM
        m_buffer.append("\xEF\xBB\xBF");
        m_bomPending = false;
    }
    flush();
    // QFileDevice buffers too: surface a full disk here rather than at commit.
    if (!m_failed) {
        if (auto *file = qobject_cast<QFileDevice *>(&m_device); file && !file->flush()) {
            m_failed = true;
            m_error = osReason(file->errorString());
        }
    }
    if (m_failed && error)
        *error = m_error;
    return !m_failed;
}

} // namespace feeddeck::exporting
