#pragma once

// The recorded-frame suites of the codecs (Coinbase, Binance, JSON mapping): what each frame
// file under tests/data/<codec>/ must decode to, and the one check of a decoded frame against it.
#include "core/codec/FeedCodec.h"
#include "tests/unit/codec/CodecTestSupport.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

namespace feeddeck::testing {

inline constexpr int kNoIssue = -1;

// What one recorded frame must decode to.
struct FrameExpectation
{
    QString file{};
    codec::FrameKind kind = codec::FrameKind::Control;
    QString symbol{};
    Fields fields{};
    qint64 sourceMs = data::kNoTime;
    bool ack = false;
    int issue = kNoIssue;
    QString issueSymbol{};
    QStringList detailParts{};
};

// A suite's table of recorded frames, one call a file.
class FrameExpectations
{
public:
    // A data frame: one update for symbol with exactly these fields, in this order.
    void data(const char *file, const QString &symbol, const Fields &fields, qint64 sourceMs);
    // A control frame: no update; maybe an ack, maybe one issue whose detail holds each part.
    void control(const char *file, bool ack, int issue = kNoIssue, const QString &issueSymbol = {},
                 const QStringList &detailParts = {});
    // A bad frame: no update, one issue of this kind whose detail holds each part.
    void bad(const char *file, codec::IssueKind issue, const QStringList &detailParts);

    [[nodiscard]] const QList<FrameExpectation> &list() const noexcept { return m_rows; }

private:
    QList<FrameExpectation> m_rows;
};

// For decodesRecordedFrames_data(): one row a frame, named after its file, in one column
// "expected" (QFETCH(testing::FrameExpectation, expected)).
void addRecordedFrameRows(const QList<FrameExpectation> &rows);

// Decodes a recorded frame, as the suite's codec does.
using DecodeFrame = std::function<codec::DecodeResult(const QByteArray &frame)>;
// The suite's own checks that any result holds together (kinds and payloads agree).
using CheckConsistent = void (*)(const codec::DecodeResult &result);

// The whole check of one row: reads its frame from tests/data/<codecFolder>/, decodes it,
// checks the result with checkConsistent, then compares it with the row: its kind and ack;
// for data, the one update's symbol, source and receive times and exactly the expected
// fields and values in order; the one issue's kind, symbol and detail parts, or no issue.
// Fails the current test at the first difference; returns the result for the suite's own
// further checks.
codec::DecodeResult checkRecordedFrame(const char *codecFolder, const FrameExpectation &expected,
                                       const DecodeFrame &decode, CheckConsistent checkConsistent);

// Every frame file in tests/data/<codecFolder>/ has a row, and every row a file: a frame
// without a row would sit in the repository untested.
void compareRowsWithFrameFiles(const char *codecFolder, const QList<FrameExpectation> &rows);

} // namespace feeddeck::testing

Q_DECLARE_METATYPE(feeddeck::testing::FrameExpectation)
