"""A Coinbase-style ticker server on Python's `websockets` with permessage-deflate, for
FeedDeck's interop tests. The same arguments and output as deflate_server.js: {"port": N}
on the first line, then one JSON line per connection (what was offered and agreed).

Run with Debian's /usr/bin/python3 and its python3-websockets package.
"""
import asyncio
import json
import sys

try:
    import websockets
    from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
except ImportError:
    print('the Python module "websockets" is missing: apt-get install python3-websockets '
          '(packaging/bootstrap.sh does)', file=sys.stderr)
    sys.exit(3)

ARGS = sys.argv[1:]


def flag(name):
    return name in ARGS


def value(name, fallback):
    return int(ARGS[ARGS.index(name) + 1]) if name in ARGS else fallback


TICKERS = value("--tickers", 30)
BOMB_BYTES = value("--bomb-bytes", 0)
connections = 0


def ticker(product, price, sequence):
    return json.dumps({
        "type": "ticker", "sequence": sequence, "product_id": product, "price": str(price),
        "best_bid": str(price - 0.5), "best_ask": str(price + 0.5), "open_24h": "100",
        "time": "2026-11-22T22:22:17.818123Z", "last_size": "0.5",
    }, separators=(",", ":"))


async def serve(socket, path=None):
    global connections
    connections += 1
    first = connections == 1
    print(json.dumps({
        "connection": connections,
        "offer": socket.request_headers.get("Sec-WebSocket-Extensions", ""),
        "agreed": socket.response_headers.get("Sec-WebSocket-Extensions", ""),
    }), flush=True)
    async for data in socket:
        try:
            message = json.loads(data)
        except ValueError:
            continue
        if message.get("type") != "subscribe":
            continue
        products = message.get("product_ids") or ["BTC-USD"]
        await socket.send(json.dumps({"type": "subscriptions",
                                      "channels": [{"name": "ticker", "product_ids": products}]}))
        if first and BOMB_BYTES > 0:
            await socket.send('{"type":"ticker","pad":"' + " " * BOMB_BYTES + '"}')
            continue
        for i in range(TICKERS):
            text = ticker(products[0], 1000 + i, i + 1)
            if flag("--fragment"):
                third = -(-len(text) // 3)
                await socket.send([text[:third], text[third:2 * third], text[2 * third:]])
            else:
                await socket.send(text)


async def main():
    deflate = ServerPerMessageDeflateFactory(
        server_no_context_takeover=flag("--server-no-context-takeover"),
        client_no_context_takeover=flag("--client-no-context-takeover"),
    )
    async with websockets.serve(serve, "127.0.0.1", 0, compression=None, extensions=[deflate],
                                max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(json.dumps({"port": port}), flush=True)
        await asyncio.Future()


asyncio.run(main())
