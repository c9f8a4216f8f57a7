// The baseline a web dashboard would run: the `ws` client, JSON.parse per message and the
// latest message kept per instrument. Kept as light as such a client can be (no number or
// time parsing, no history), so the comparison does not flatter FeedDeck.
//   node client.js ws://127.0.0.1:PORT MESSAGES
// Prints {"messages":N,"seconds":S,"rate":R} once MESSAGES have been read.
'use strict';
const WebSocket = require('ws');

const [url, countArg] = process.argv.slice(2);
const wanted = Number(countArg);
if (!url || !Number.isInteger(wanted) || wanted < 2) {
  console.error('usage: node client.js ws://HOST:PORT MESSAGES (at least 2)');
  process.exit(2);
}

const latest = new Map();
let received = 0;
let first = 0n;
const socket = new WebSocket(url, { perMessageDeflate: false });
socket.on('open', () => {
  socket.send(JSON.stringify({ type: 'subscribe', product_ids: [], channels: ['ticker'] }));
});
socket.on('message', (data) => {
  if (received === 0) first = process.hrtime.bigint();
  const m = JSON.parse(data);
  if (m.type === 'ticker') latest.set(m.product_id, m);
  if (++received === wanted) {
    const seconds = Number(process.hrtime.bigint() - first) / 1e9;
    console.log(JSON.stringify({ messages: received, seconds, rate: (received - 1) / seconds, instruments: latest.size }));
    socket.terminate();
    process.exit(0);
  }
});
socket.on('error', (error) => {
  console.error(`node client: ${url}: ${error.message}`);
  process.exit(1);
});
