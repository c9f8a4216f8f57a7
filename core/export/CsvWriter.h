#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <QtGlobal>

class QIODevice;

namespace feeddeck::exporting {

struct CsvOptions
{
    // ',' ';' '\t' or '|'; anything else falls back to ',' so the output stays parseable.
    char delimiter = ',';
    // A UTF-8 byte order mark first, for spreadsheets that guess the encoding otherwise.
    bool bom = false;
};

// Streams RFC 4180 rows (UTF-8, CRLF line endings) to a device through a small
// buffer, so a large export never sits in memory as one string.
// Text cells are quoted when needed and guarded against formula injection.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice &device, CsvOptions options = {});
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    // Untrusted text: quoted when it holds the delimiter, '"', CR or LF; a leading
    // '=', '+', '-', '@', tab or CR gets a '\'' in front; other control characters
    // become U+FFFD.
    void addText(QStringView text);
    // Locale-free shortest form; NaN and infinities give an empty cell. Never guarded.
    void addNumber(double value);
    void addInteger(qint64 value);
    // A pre-formatted cell (e.g. a formatIsoTimeMs time), written as is; quoted
    // only if it holds the delimiter, '"', CR or LF.
    void addRaw(QByteArrayView cell);
    void addEmpty();
    void endRow();

    // Writes what is buffered and reports the first write error ("no space left on device").
    // The device stays open: committing or closing it is the caller's job.
    [[nodiscard]] bool finish(QString *error);
    [[nodiscard]] bool hasError() const noexcept { return m_failed; }

private:
    void beginCell();
    void flushIfFull();
    void flush();

    QIODevice &m_device;
    QByteArray m_buffer;
    QString m_error;
    char m_delimiter = ',';
    bool m_bomPending = false;
    bool m_rowStarted = false;
    bool m_failed = false;
};

} // namespace feeddeck::exporting
