// The baselines a web dashboard would run, on the `ws` client, in two modes:
//   parse-only  JSON.parse per message and the latest message object kept per instrument:
//               as light as such a client can be, so FeedDeck is not flattered.
//   same-work   what FeedDeck does with every message: each numeric field parsed to a number,
//               the ISO time to epoch ms, the latest values kept per instrument, and one point
//               per numeric field appended to a bounded history per series (typed arrays that
//               grow to the same capacity as FeedDeck's rings, then wrap).
//   node client.js ws://127.0.0.1:PORT MESSAGES [parse-only|same-work] [HISTORY_POINTS]
// The clock starts when the first message arrives and stops after the last one has been
// processed (process.hrtime, ns). Prints {"mode":..,"messages":N,"seconds":S,"rate":R,...}.
'use strict';
const WebSocket = require('ws');

const [url, countArg, modeArg = 'parse-only', capacityArg = '100000'] = process.argv.slice(2);
const wanted = Number(countArg);
const capacity = Number(capacityArg);
if (!url || !Number.isInteger(wanted) || wanted < 2 || !['parse-only', 'same-work'].includes(modeArg)
    || !Number.isInteger(capacity) || capacity < 1) {
  console.error('usage: node client.js ws://HOST:PORT MESSAGES (at least 2) [parse-only|same-work] [HISTORY_POINTS]');
  process.exit(2);
}

// The numeric fields of a Coinbase ticker, under FeedDeck's canonical names.
const FIELDS = [
  ['price', 'price'], ['best_bid', 'bid'], ['best_ask', 'ask'], ['best_bid_size', 'bid_size'],
  ['best_ask_size', 'ask_size'], ['last_size', 'size'], ['open_24h', 'open_24h'], ['high_24h', 'high_24h'],
  ['low_24h', 'low_24h'], ['volume_24h', 'volume_24h'],
];

// A bounded series: times and values in typed arrays that double up to `capacity`, then wrap.
class Series {
  constructor() {
    this.times = new Float64Array(1024);
    this.values = new Float64Array(1024);
    this.next = 0;
    this.count = 0;
  }
  append(time, value) {
    if (this.count === this.times.length && this.count < capacity) {
      const size = Math.min(capacity, this.times.length * 2);
      const times = new Float64Array(size);
      const values = new Float64Array(size);
      times.set(this.times);
      values.set(this.values);
      this.times = times;
      this.values = values;
    }
    this.times[this.next] = time;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.times.length;
    if (this.count < this.times.length) ++this.count;
  }
}

const latest = new Map(); // instrument -> parse-only: the message; same-work: {fields, time, received, series}
let points = 0;

function keepParsed(m) {
  if (m.type === 'ticker') latest.set(m.product_id, m);
}

function applySameWork(m) {
  if (m.type !== 'ticker' || typeof m.product_id !== 'string') return;
  const received = Date.now();
  let row = latest.get(m.product_id);
  if (!row) {
    row = { fields: {}, time: 0, received: 0, series: {} };
    latest.set(m.product_id, row);
  }
  row.time = Date.parse(m.time);
  row.received = received;
  for (const [wire, name] of FIELDS) {
    const text = m[wire];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isFinite(value)) continue;
    row.fields[name] = value;
    let series = row.series[name];
    if (!series) series = row.series[name] = new Series();
    series.append(received, value);
    ++points;
  }
}

const handle = modeArg === 'same-work' ? applySameWork : keepParsed;
let received = 0;
let first = 0n;
const socket = new WebSocket(url, { perMessageDeflate: false });
socket.on('open', () => {
  socket.send(JSON.stringify({ type: 'subscribe', product_ids: [], channels: ['ticker'] }));
});
socket.on('message', (data) => {
  if (received === 0) first = process.hrtime.bigint();
  handle(JSON.parse(data));
  if (++received === wanted) {
    const seconds = Number(process.hrtime.bigint() - first) / 1e9;
    console.log(JSON.stringify({
      mode: modeArg, messages: received, seconds, rate: (received - 1) / seconds, instruments: latest.size,
      history_points: points, rss_mib: process.memoryUsage().rss / 1048576,
    }));
    socket.terminate();
    process.exit(0);
  }
});
socket.on('error', (error) => {
  console.error(`node client: ${url}: ${error.message}`);
  process.exit(1);
});
