#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

// The NATS client protocol, as text (https://docs.nats.io/reference/reference-protocols/nats):
// the commands a client sends and an incremental reader of what a server sends. No sockets:
// the relay's TCP client and the desktop's nats codec (over the server's WebSocket listener,
// whose frames cut the byte stream anywhere) both feed it bytes.
namespace feeddeck::codec::nats {

// What the server says about itself in INFO.
struct ServerInfo
{
    QString serverId;
    QString serverName;
    QString version;
    qint64 maxPayload = 1024 * 1024;
    bool headers = false;
    bool jetstream = false;
    bool authRequired = false;
    bool tlsRequired = false;
    QStringList connectUrls;   // "host:port" of the cluster's other client listeners
    QStringList wsConnectUrls; // "host:port" of the cluster's other WebSocket listeners
};

// Reads INFO's JSON; nullopt (with the reason in *error) when it is not an object.
[[nodiscard]] std::optional<ServerInfo> parseInfo(QByteArrayView json, QString *error);

struct ConnectOptions
{
    QString name;     // shown by the server's monitoring, e.g. "feeddeck relay"
    QString user;
    QString password;
    QString token;
    bool headers = true;  // we read HMSG (JetStream sends headers)
    bool echo = false;    // our own publishes are not sent back to us
};

// "CONNECT {...}\r\n" with verbose and pedantic off, lang "c++", protocol 1.
[[nodiscard]] QByteArray connectCommand(const ConnectOptions &options);
// "PUB <subject> [reply] <size>\r\n<payload>\r\n", appended.
void appendPub(QByteArray &out, QByteArrayView subject, QByteArrayView payload, QByteArrayView replyTo = {});
// "SUB <subject> <sid>\r\n", appended.
void appendSub(QByteArray &out, QByteArrayView subject, QByteArrayView sid);
// "UNSUB <sid>\r\n" or "UNSUB <sid> <max>\r\n", appended.
void appendUnsub(QByteArray &out, QByteArrayView sid, int maxMessages = -1);

inline constexpr QByteArrayView kPing = "PING\r\n";
inline constexpr QByteArrayView kPong = "PONG\r\n";

// One operation from the server. Views point into the reader's buffer and stay valid until
// the next feed() or reset().
struct ServerOp
{
    enum class Kind { Info, Msg, HMsg, Ping, Pong, Ok, Err };
    Kind kind = Kind::Ok;
    QByteArrayView subject;
    QByteArrayView sid;
    QByteArrayView replyTo;
    QByteArrayView headers; // HMSG: the header block ("NATS/1.0 ...\r\n...\r\n\r\n")
    QByteArrayView payload;
    QByteArrayView text;    // INFO: its JSON; -ERR: the message without its quotes
};

// Reads the server's byte stream in pieces of any size.
class ServerReader
{
public:
    enum class Status { Op, NeedMore, Error };

    // A control line longer than maxControlLine, or a message payload larger than maxPayload,
    // is an error (the connection is then unusable: the caller closes it). INFO is held to
    // kMaxInfoLine instead when that is larger: a cluster's INFO lists every server's URLs.
    // Lines end in "\r\n"; a bare "\n" is taken too, as nats-server and its clients take it.
    explicit ServerReader(qsizetype maxControlLine = 4096, qsizetype maxPayload = 64 * 1024 * 1024);
    static constexpr qsizetype kMaxInfoLine = 1024 * 1024;

    // Appends bytes; the views of ops already returned become invalid.
    void feed(QByteArrayView bytes);
    // The next complete operation; NeedMore when the buffered bytes end inside one.
    [[nodiscard]] Status next(ServerOp &op);
    // What was wrong, after Error (e.g. "unknown operation \"FOO\"").
    [[nodiscard]] const QString &error() const noexcept { return m_error; }
    // Forgets everything buffered (a new connection).
    void reset();
    [[nodiscard]] qsizetype buffered() const noexcept { return m_buffer.size() - m_offset; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0; // start of the first byte not yet returned as part of an op
    qsizetype m_scanned = 0; // bytes after m_offset already searched for the line end
    qsizetype m_maxControlLine;
    qsizetype m_maxPayload;
    QString m_error;
    bool m_failed = false;
};

// Headers of an HMSG block: the status line's code (e.g. 100 for a JetStream idle heartbeat,
// 0 when there is none) and the value of a header, if present.
struct MessageHeaders
{
    int status = 0;
    QByteArray description;
    [[nodiscard]] QByteArray value(QByteArrayView name) const;
    QList<QPair<QByteArray, QByteArray>> entries;
};
[[nodiscard]] MessageHeaders parseHeaders(QByteArrayView block);

// The server's answer to a request nobody subscribes to (status 503, sent to clients that ask
// for no_responders): e.g. a JetStream request to a server without JetStream.
[[nodiscard]] bool isNoResponders(const ServerOp &op);

} // namespace feeddeck::codec::nats
