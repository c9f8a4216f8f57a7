// A Coinbase-style ticker server on Node's `ws` with permessage-deflate, for FeedDeck's
// interop tests. Listens on a free loopback port and prints {"port": N} on its first line;
// then one JSON line per connection: what the client offered and what was agreed.
//
//   node deflate_server.js [--server-no-context-takeover] [--client-no-context-takeover]
//                          [--fragment] [--bomb-bytes N] [--tickers N]
//
// After a client subscribes: an ack, then --tickers tickers (price 1000, 1001, ...), each
// compressed; --fragment sends each in three frames; --bomb-bytes sends, on the first
// connection only, one message that inflates to N bytes before the tickers.
'use strict';
let WebSocketServer;
try {
    ({ WebSocketServer } = require('ws'));
} catch (e) {
    console.error('the Node module "ws" is missing: run "npm ci" in tests/bench/node (packaging/bootstrap.sh does)');
    process.exit(3);
}

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
};
const tickers = value('--tickers', 30);
const bombBytes = value('--bomb-bytes', 0);

function ticker(product, price, sequence) {
    return JSON.stringify({
        type: 'ticker', sequence, product_id: product, price: String(price),
        best_bid: String(price - 0.5), best_ask: String(price + 0.5), open_24h: '100',
        time: '2026-11-22T22:22:17.818123Z', last_size: '0.5',
    });
}

const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: {
        threshold: 0, // compress every message, however small
        serverNoContextTakeover: flag('--server-no-context-takeover'),
        clientNoContextTakeover: flag('--client-no-context-takeover'),
    },
});
let connections = 0;

server.on('listening', () => console.log(JSON.stringify({ port: server.address().port })));
server.on('connection', (socket, request) => {
    ++connections;
    const first = connections === 1;
    console.log(JSON.stringify({
        connection: connections,
        offer: request.headers['sec-websocket-extensions'] || '',
        agreed: socket.extensions, // the names agreed, '' when none
    }));
    socket.on('message', (data) => {
        let message;
        try {
            message = JSON.parse(data.toString());
        } catch (e) {
            return;
        }
        if (message.type !== 'subscribe')
            return;
        const products = message.product_ids || [];
        socket.send(JSON.stringify({ type: 'subscriptions', channels: [{ name: 'ticker', product_ids: products }] }));
        if (first && bombBytes > 0) {
            // Inflates to bombBytes; compresses to a few KiB.
            socket.send('{"type":"ticker","pad":"' + ' '.repeat(bombBytes) + '"}', { compress: true });
            return;
        }
        for (let i = 0; i < tickers; ++i) {
            const text = ticker(products[0] || 'BTC-USD', 1000 + i, i + 1);
            if (flag('--fragment')) {
                const third = Math.ceil(text.length / 3);
                socket.send(text.slice(0, third), { fin: false, compress: true });
                socket.send(text.slice(third, 2 * third), { fin: false, compress: true });
                socket.send(text.slice(2 * third), { fin: true, compress: true });
            } else {
                socket.send(text, { compress: true });
            }
        }
    });
});
