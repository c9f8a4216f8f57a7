// The frame reader against exact bytes: whole and split frames, every length encoding,
// fragmentation with control frames in between, and each way a server can break RFC 6455.
#include "core/ws/FrameReader.h"

#include <QTest>

using feeddeck::ws::FrameReader;

namespace {

using Kind = FrameReader::Kind;

// An unmasked frame as a server sends it.
QByteArray serverFrame(int opcode, QByteArrayView payload, bool fin = true, quint8 extraBits = 0)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | extraBits | opcode));
    const quint64 n = quint64(payload.size());
    if (n < 126) {
        out.append(char(n));
    } else if (n <= 0xFFFF) {
        out.append(char(126));
        out.append(char(n >> 8));
        out.append(char(n & 0xFF));
    } else {
        out.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((n >> shift) & 0xFF));
    }
    out.append(payload);
    return out;
}

// The first event a new reader finds in data. Not for fragmented messages: their joined
// payload lives in the reader, which is gone on return.
std::optional<FrameReader::Event> firstEvent(QByteArrayView data, qint64 maxMessageBytes = 1024)
{
    FrameReader reader(maxMessageBytes);
    qsizetype pos = 0;
    return reader.next(data, pos);
}

QByteArray closePayload(int code, QByteArrayView reason = {})
{
    QByteArray out;
    out.append(char(code >> 8));
    out.append(char(code & 0xFF));
    out.append(reason);
    return out;
}

} // namespace

class TstFrameReader : public QObject
{
    Q_OBJECT

private slots:
    void wholeTextFrameIsHandedOutInPlace();
    void frameSplitAtEveryByteWaitsForTheRest();
    void lengthEncodings_data();
    void lengthEncodings();
    void fragmentsAreJoinedAroundControlFrames();
    void binaryMayHoldAnyBytes();
    void protocolViolationsCloseWith1002_data();
    void protocolViolationsCloseWith1002();
    void oversizedFrameIsRefusedFromItsHeader();
    void oversizedFragmentedMessageIsRefused();
    void invalidUtf8TextClosesWith1007();
    void invalidUtf8InAFragmentedTextClosesWith1007();
    void utf8CheckFindsABadByteAnywhere_data();
    void utf8CheckFindsABadByteAnywhere();
    void closeFrames_data();
    void closeFrames();
    void compressedMessageIsMarkedOnceAgreed();
    void compressedFragmentsAreJoinedUnchecked();
    void rsv1BreaksTheRulesOfRfc7692_data();
    void rsv1BreaksTheRulesOfRfc7692();
};

void TstFrameReader::wholeTextFrameIsHandedOutInPlace()
{
    const QByteArray data = serverFrame(0x1, R"({"type":"ticker"})") + serverFrame(0x1, "second");
    FrameReader reader(1024);
    qsizetype pos = 0;
    const auto first = reader.next(data, pos);
    QVERIFY(first);
    QCOMPARE(first->kind, Kind::Message);
    QVERIFY(first->text);
    QCOMPARE(first->payload, QByteArrayView(R"({"type":"ticker"})"));
    QCOMPARE(first->payload.data(), data.constData() + 2); // a view of the caller's bytes, not a copy
    QCOMPARE(pos, 2 + 17);
    const auto second = reader.next(data, pos);
    QVERIFY(second);
    QCOMPARE(second->payload, QByteArrayView("second"));
    QCOMPARE(pos, data.size());
    QVERIFY(!reader.next(data, pos));
}

void TstFrameReader::frameSplitAtEveryByteWaitsForTheRest()
{
    const QByteArray payload(300, 'x'); // a 16-bit length: the header alone spans 4 bytes
    const QByteArray data = serverFrame(0x1, payload);
    for (qsizetype cut = 0; cut < data.size(); ++cut) {
        FrameReader reader(1024);
        qsizetype pos = 0;
        QVERIFY2(!reader.next(data.first(cut), pos), qPrintable(QString::number(cut)));
        QCOMPARE(pos, 0);
        const auto event = reader.next(data, pos);
        QVERIFY(event);
        QCOMPARE(event->payload, QByteArrayView(payload));
    }
}

void TstFrameReader::lengthEncodings_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("empty") << 0;
    QTest::newRow("125: 7-bit") << 125;
    QTest::newRow("126: 16-bit") << 126;
    QTest::newRow("65535: 16-bit") << 65535;
    QTest::newRow("65536: 64-bit") << 65536;
}

void TstFrameReader::lengthEncodings()
{
    QFETCH(int, size);
    QByteArray payload(size, 'a');
    for (int i = 0; i < size; ++i)
        payload[i] = char('a' + i % 26);
    const QByteArray data = serverFrame(0x1, payload);
    FrameReader reader(1 << 20);
    qsizetype pos = 0;
    const auto event = reader.next(data, pos);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Message);
    QCOMPARE(event->payload.size(), size);
    QCOMPARE(event->payload, QByteArrayView(payload));
    QCOMPARE(pos, data.size());
}

void TstFrameReader::fragmentsAreJoinedAroundControlFrames()
{
    const QByteArray data = serverFrame(0x1, R"({"a":)", false) + serverFrame(0x9, "are you there")
        + serverFrame(0x0, "1,", false) + serverFrame(0x0, R"("b":2})") + serverFrame(0x1, "next");
    FrameReader reader(1024);
    qsizetype pos = 0;
    const auto ping = reader.next(data, pos);
    QVERIFY(ping);
    QCOMPARE(ping->kind, Kind::Ping);
    QCOMPARE(ping->payload, QByteArrayView("are you there"));
    const auto joined = reader.next(data, pos);
    QVERIFY(joined);
    QCOMPARE(joined->kind, Kind::Message);
    QVERIFY(joined->text);
    QCOMPARE(joined->payload, QByteArrayView(R"({"a":1,"b":2})"));
    const auto next = reader.next(data, pos);
    QVERIFY(next);
    QCOMPARE(next->payload, QByteArrayView("next"));
    QCOMPARE(pos, data.size());
}

void TstFrameReader::binaryMayHoldAnyBytes()
{
    const QByteArray junk("\xff\xfe\x00\xc0", 4);
    const QByteArray data = serverFrame(0x2, junk);
    const auto event = firstEvent(data);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Message);
    QVERIFY(!event->text);
    QCOMPARE(event->payload, QByteArrayView(junk));
}

void TstFrameReader::protocolViolationsCloseWith1002_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");
    QByteArray masked = serverFrame(0x1, "hi");
    masked[1] = char(masked[1] | 0x80);
    masked.insert(2, QByteArray(4, '\0'));
    QTest::newRow("masked") << masked << "a masked frame from the server";
    QTest::newRow("reserved bit") << serverFrame(0x1, "hi", true, 0x40)
                                  << "a frame with reserved bits set (no extension was agreed)";
    QTest::newRow("opcode 3") << serverFrame(0x3, "hi") << "a frame with the unknown opcode 3";
    QTest::newRow("opcode 11") << serverFrame(0xB, "hi") << "a frame with the unknown opcode 11";
    QTest::newRow("stray continuation") << serverFrame(0x0, "hi")
                                        << "a continuation frame without a message to continue";
    QTest::newRow("new message mid-fragment") << serverFrame(0x1, "a", false) + serverFrame(0x1, "b")
                                              << "a new message before the previous one ended";
    QTest::newRow("fragmented ping") << serverFrame(0x9, "hi", false) << "a fragmented or oversized control frame";
    QTest::newRow("126-byte pong") << serverFrame(0xA, QByteArray(126, 'p')) << "a fragmented or oversized control frame";
    QTest::newRow("one-byte close") << serverFrame(0x8, "x") << "a close frame with a one-byte code";
    QTest::newRow("close 1005 on the wire") << serverFrame(0x8, closePayload(1005))
                                            << "a close frame with the invalid code 1005";
    QTest::newRow("close 999") << serverFrame(0x8, closePayload(999)) << "a close frame with the invalid code 999";
}

void TstFrameReader::protocolViolationsCloseWith1002()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);
    const auto event = firstEvent(data);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Error);
    QCOMPARE(event->code, 1002);
    QCOMPARE(event->reason, reason);
}

void TstFrameReader::oversizedFrameIsRefusedFromItsHeader()
{
    // Only the header has arrived: the reader refuses without waiting for 16 MiB.
    QByteArray header = serverFrame(0x1, QByteArray(70000, 'x')).first(10);
    for (int i = 2; i < 10; ++i) // 64-bit length: 16 MiB
        header[i] = 0;
    header[6] = 0x01;
    const auto event = firstEvent(header, 1024 * 1024);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Error);
    QCOMPARE(event->code, 1009);
    QCOMPARE(event->reason, QStringLiteral("a message larger than 1048576 bytes"));
}

void TstFrameReader::oversizedFragmentedMessageIsRefused()
{
    const QByteArray data = serverFrame(0x1, QByteArray(60, 'a'), false) + serverFrame(0x0, QByteArray(41, 'b'));
    const auto event = firstEvent(data, 100);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Error);
    QCOMPARE(event->code, 1009);
}

void TstFrameReader::invalidUtf8TextClosesWith1007()
{
    const QByteArray data = serverFrame(0x1, QByteArray("price \xc3\x28", 8));
    const auto event = firstEvent(data);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Error);
    QCOMPARE(event->code, 1007);
    QCOMPARE(event->reason, QStringLiteral("a text message was not valid UTF-8"));
}

void TstFrameReader::invalidUtf8InAFragmentedTextClosesWith1007()
{
    // "é" split across two fragments is fine; a lone continuation byte is not.
    const QByteArray good = serverFrame(0x1, "caf\xc3", false) + serverFrame(0x0, "\xa9");
    FrameReader reader(1024);
    qsizetype pos = 0;
    const auto joined = reader.next(good, pos);
    QVERIFY(joined);
    QCOMPARE(joined->kind, Kind::Message);
    QCOMPARE(QString::fromUtf8(joined->payload), QStringLiteral("café"));

    const QByteArray bad = serverFrame(0x1, "caf", false) + serverFrame(0x0, "\xa9");
    FrameReader other(1024);
    pos = 0;
    const auto refused = other.next(bad, pos);
    QVERIFY(refused);
    QCOMPARE(refused->kind, Kind::Error);
    QCOMPARE(refused->code, 1007);
}

void TstFrameReader::closeFrames_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no code") << QByteArray() << 1005 << QString();
    QTest::newRow("1000") << closePayload(1000) << 1000 << QString();
    QTest::newRow("1001 with reason") << closePayload(1001, "restarting") << 1001 << QStringLiteral("restarting");
    QTest::newRow("4000 with UTF-8") << closePayload(4000, "zu viele Anfragen \xc3\xbc") << 4000
                                     << QStringLiteral("zu viele Anfragen ü");
}

void TstFrameReader::closeFrames()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, code);
    QFETCH(QString, reason);
    const QByteArray data = serverFrame(0x8, payload);
    const auto event = firstEvent(data);
    QVERIFY(event);
    QCOMPARE(event->kind, Kind::Close);
    QCOMPARE(event->code, code);
    QCOMPARE(event->reason, reason);
}

void TstFrameReader::utf8CheckFindsABadByteAnywhere_data()
{
    QTest::addColumn<int>("length");
    // Around the eight-byte words of the ASCII scan, and around its 4096-byte limit.
    for (const int length : {1, 7, 8, 9, 15, 16, 17, 229, 4095, 4096, 4097, 5000})
        QTest::addRow("%d bytes", length) << length;
}

void TstFrameReader::utf8CheckFindsABadByteAnywhere()
{
    QFETCH(int, length);
    const QByteArray ascii(length, 'a');
    QVERIFY(feeddeck::ws::isValidUtf8(ascii));
    for (int at = 0; at < length; at += (length > 64 ? 61 : 1)) {
        // A lone continuation byte is never valid; "é" as two bytes is, wherever it starts.
        QByteArray bad = ascii;
        bad[at] = char(0xA9);
        QVERIFY2(!feeddeck::ws::isValidUtf8(bad), qPrintable(QStringLiteral("0xA9 at %1").arg(at)));
        if (at + 1 < length) {
            QByteArray good = ascii;
            good[at] = char(0xC3);
            good[at + 1] = char(0xA9);
            QVERIFY2(feeddeck::ws::isValidUtf8(good), qPrintable(QStringLiteral("\"\u00e9\" at %1").arg(at)));
        }
    }
    // The last byte, which the ASCII scan reads outside its eight-byte words.
    QByteArray last = ascii;
    last[length - 1] = char(0xC3);
    QVERIFY(!feeddeck::ws::isValidUtf8(last));
}

void TstFrameReader::compressedMessageIsMarkedOnceAgreed()
{
    // Not UTF-8 while compressed: checked only once inflated, by the transport.
    const QByteArray compressed("\xf2\x48\xcd\xc9\xc9\x07\x00", 7);
    FrameReader reader(1024);
    reader.setCompressionAgreed(true);
    qsizetype pos = 0;
    const QByteArray data = serverFrame(0x1, compressed, true, 0x40) + serverFrame(0x1, "plain");
    const auto first = reader.next(data, pos);
    QVERIFY(first);
    QCOMPARE(first->kind, Kind::Message);
    QVERIFY(first->compressed);
    QVERIFY(first->text);
    QCOMPARE(first->payload, QByteArrayView(compressed));
    const auto second = reader.next(data, pos); // a sender may leave a message uncompressed
    QVERIFY(second);
    QVERIFY(!second->compressed);
    QCOMPARE(second->payload, QByteArrayView("plain"));
}

void TstFrameReader::compressedFragmentsAreJoinedUnchecked()
{
    const QByteArray part1("\xf2\x48", 2);
    const QByteArray part2("\xcd\xc9\xc9\x07\x00", 5);
    FrameReader reader(1024);
    reader.setCompressionAgreed(true);
    qsizetype pos = 0;
    const QByteArray data = serverFrame(0x1, part1, false, 0x40) + serverFrame(0x9, "ping")
        + serverFrame(0x0, part2);
    const auto ping = reader.next(data, pos);
    QVERIFY(ping);
    QCOMPARE(ping->kind, Kind::Ping);
    const auto joined = reader.next(data, pos);
    QVERIFY(joined);
    QCOMPARE(joined->kind, Kind::Message);
    QVERIFY(joined->compressed);
    QCOMPARE(joined->payload, QByteArrayView(part1 + part2));
}

void TstFrameReader::rsv1BreaksTheRulesOfRfc7692_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("reason");
    QTest::newRow("continuation with RSV1") << serverFrame(0x1, "a", false) + serverFrame(0x0, "b", true, 0x40)
                                            << "a continuation frame with RSV1 set";
    QTest::newRow("ping with RSV1") << serverFrame(0x9, "hi", true, 0x40) << "a control frame with RSV1 set";
    QTest::newRow("RSV2 still reserved") << serverFrame(0x1, "hi", true, 0x20)
                                         << "a frame with RSV2 or RSV3 set (no extension uses them)";
}

void TstFrameReader::rsv1BreaksTheRulesOfRfc7692()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, reason);
    FrameReader reader(1024);
    reader.setCompressionAgreed(true);
    qsizetype pos = 0;
    FrameReader::Event error;
    for (;;) { // past the frames before the offending one
        const auto event = reader.next(data, pos);
        QVERIFY(event);
        if (event->kind == Kind::Error) {
            error = *event;
            break;
        }
    }
    QCOMPARE(error.code, 1002);
    QCOMPARE(error.reason, reason);
}

QTEST_APPLESS_MAIN(TstFrameReader)
#include "tst_framereader.moc"
