"""A load source for the compression benchmark: the Coinbase ticker stream of the ingest
benchmark (the message shape of tests/bench/load/TickerFrames), served over WebSocket with
permessage-deflate when the client offers it and uncompressed when it does not.

    /usr/bin/python3 deflate_source.py --messages N --instruments K

Prints {"port": P, "payload_bytes": B} once listening. Every frame is built before the first
client comes, compressed with one deflate stream (context takeover, a sync flush per message,
RFC 7692 7.2.1), so the figures measure the client, not this source. Each connection gets all
N messages after its first message (the subscription), then the source waits for the next.
"""
import argparse
import asyncio
import base64
import hashlib
import json
import random
import struct
import zlib

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def tickers(messages, instruments):
    rnd = random.Random(42)
    prices = [10.0 + rnd.uniform(0, 50000) for _ in range(instruments)]
    sequence = 1000000
    for n in range(messages):
        i = n % instruments
        prices[i] *= 1.0 + rnd.uniform(-1, 1) * 0.001
        sequence += 1
        p = prices[i]
        yield (
            '{"type":"ticker","sequence":%d,"product_id":"X%03d-USD","price":"%.2f","volume_24h":"%.2f",'
            '"best_bid":"%.2f","best_bid_size":"0.41","best_ask":"%.2f","best_ask_size":"0.30",'
            '"time":"2026-11-23T15:30:00.123456Z"}' % (sequence, i, p, 18000.0 + sequence % 977, p - 0.01, p + 0.01)
        ).encode()


def frame(payload, rsv1=False):
    head = bytes([0x80 | (0x40 if rsv1 else 0) | 0x1])
    n = len(payload)
    if n < 126:
        head += bytes([n])
    elif n <= 0xFFFF:
        head += bytes([126]) + struct.pack("!H", n)
    else:
        head += bytes([127]) + struct.pack("!Q", n)
    return head + payload


def build(messages, instruments):
    plain, compressed, total = [], [], 0
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    for payload in tickers(messages, instruments):
        total += len(payload)
        plain.append(frame(payload))
        data = deflate.compress(payload) + deflate.flush(zlib.Z_SYNC_FLUSH)
        compressed.append(frame(data[:-4], rsv1=True))  # without the 00 00 ff ff tail
    return b"".join(plain), b"".join(compressed), total / max(messages, 1)


async def serve(reader, writer, plain, compressed):
    head = await reader.readuntil(b"\r\n\r\n")
    headers = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    accept = base64.b64encode(hashlib.sha1(headers["sec-websocket-key"].encode() + GUID).digest())
    deflate = "permessage-deflate" in headers.get("sec-websocket-extensions", "")
    reply = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    reply += b"Sec-WebSocket-Accept: " + accept + b"\r\n"
    if deflate:
        reply += b"Sec-WebSocket-Extensions: permessage-deflate\r\n"
    writer.write(reply + b"\r\n")
    await reader.read(1)  # the subscription has begun to arrive
    writer.write(compressed if deflate else plain)
    await writer.drain()
    await reader.read()  # until the client goes
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200000)
    parser.add_argument("--instruments", type=int, default=128)
    args = parser.parse_args()
    plain, compressed, payload_bytes = build(args.messages, args.instruments)
    server = await asyncio.start_server(lambda r, w: serve(r, w, plain, compressed), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": port, "payload_bytes": round(payload_bytes), "plain_bytes": len(plain),
                      "compressed_bytes": len(compressed)}), flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
