// Client frames: final, masked with the given key, every length encoding, and close
// reasons cut to the control frame limit without splitting a UTF-8 sequence.
#include "core/ws/FrameWriter.h"

#include <QTest>

using feeddeck::ws::FrameWriter;

namespace {

struct Decoded
{
    int opcode = -1;
    bool fin = false;
    bool masked = false;
    QByteArray payload;
};

// Reads one client frame back, unmasking it.
Decoded decode(const QByteArray &frame)
{
    Decoded d;
    const auto *p = reinterpret_cast<const uchar *>(frame.constData());
    d.fin = p[0] & 0x80;
    d.opcode = p[0] & 0x0F;
    d.masked = p[1] & 0x80;
    quint64 length = p[1] & 0x7F;
    int at = 2;
    if (length == 126) {
        length = quint64(p[2]) << 8 | p[3];
        at = 4;
    } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = length << 8 | p[2 + i];
        at = 10;
    }
    const uchar *key = p + at;
    at += 4;
    if (quint64(frame.size() - at) != length)
        return {};
    for (quint64 i = 0; i < length; ++i)
        d.payload.append(char(p[at + qsizetype(i)] ^ key[i % 4]));
    return d;
}

} // namespace

class TstFrameWriter : public QObject
{
    Q_OBJECT

private slots:
    void textFrameIsFinalAndMasked_data();
    void textFrameIsFinalAndMasked();
    void maskKeyIsWrittenAsGiven();
    void closeFrameCarriesCodeAndReason();
    void longCloseReasonIsCutAtACharacterBoundary();
};

void TstFrameWriter::textFrameIsFinalAndMasked_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("headerBytes");
    QTest::newRow("0") << 0 << 6;
    QTest::newRow("125") << 125 << 6;
    QTest::newRow("126") << 126 << 8;
    QTest::newRow("65535") << 65535 << 8;
    QTest::newRow("65536") << 65536 << 14;
}

void TstFrameWriter::textFrameIsFinalAndMasked()
{
    QFETCH(int, size);
    QFETCH(int, headerBytes);
    QByteArray payload(size, 'x');
    for (int i = 0; i < size; ++i)
        payload[i] = char('A' + i % 50);
    const QByteArray frame = FrameWriter::frame(FrameWriter::Opcode::Text, payload, 0x12345678);
    QCOMPARE(frame.size(), headerBytes + size);
    const Decoded d = decode(frame);
    QVERIFY(d.fin);
    QVERIFY(d.masked);
    QCOMPARE(d.opcode, 1);
    QCOMPARE(d.payload, payload);
}

void TstFrameWriter::maskKeyIsWrittenAsGiven()
{
    const QByteArray frame = FrameWriter::frame(FrameWriter::Opcode::Ping, "ab", 0x01020304);
    QCOMPARE(frame.toHex(), QByteArray("8982" "01020304" "6060"));
}

void TstFrameWriter::closeFrameCarriesCodeAndReason()
{
    const Decoded d = decode(FrameWriter::closeFrame(1007, QStringLiteral("not UTF-8"), 0xCAFEBABE));
    QCOMPARE(d.opcode, 8);
    QCOMPARE(d.payload, QByteArray("\x03\xef" "not UTF-8"));
}

void TstFrameWriter::longCloseReasonIsCutAtACharacterBoundary()
{
    // 61 two-byte characters (122 bytes) then one more: the cut falls inside it and backs off.
    const QString reason = QString(62, QChar(0x00E9));
    const Decoded d = decode(FrameWriter::closeFrame(1000, reason, 0));
    QCOMPARE(d.payload.size(), 2 + 122);
    QCOMPARE(QString::fromUtf8(d.payload.mid(2)), QString(61, QChar(0x00E9)));
}

QTEST_APPLESS_MAIN(TstFrameWriter)
#include "tst_framewriter.moc"
