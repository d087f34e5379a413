// front.test.mjs — the server's HTTP front (server/front.cpp) over raw loopback sockets: submissions
// and other requests share keep-alive connections in order; pipelined requests are answered in
// order; a submission that arrives in pieces is still one submission; `Connection: close` closes;
// chunked and oversized submissions go to the route table and get its answers; idle and stalled
// connections are closed after the idle timeout (5 s). Every case checks what the database holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';
import { REGION, signOne, checkDb, prepareRegion } from './ledger_helpers.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));

const enroll = (key, code) => Buffer.from(signOne({ key, kind: 'enroll', sequence: 1, region: REGION,
                                                    payload: { code, display_name: '王喆' } }).wire, 'hex');
const submitRequest = (body, extra = '') =>
  Buffer.concat([Buffer.from(`POST /api/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n` +
                             `Content-Length: ${body.length}\r\n${extra}\r\n`), body]);
const getRequest = (path, extra = '') => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`);

// A raw connection that parses the answers as they arrive: { status, headers, body } in order.
async function connect(url) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let buffer = Buffer.alloc(0);
  const answers = [];
  let closed = false;
  const waiters = [];
  const wakeAll = () => { for (const w of waiters.splice(0)) w(); };
  socket.on('data', d => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] || 0);
      if (buffer.length < end + 4 + length) break;
      answers.push({ status: Number(lines[0].split(' ')[1]), headers,
                     body: buffer.subarray(end + 4, end + 4 + length).toString('utf8') });
      buffer = buffer.subarray(end + 4 + length);
    }
    wakeAll();
  });
  socket.on('close', () => { closed = true; wakeAll(); });
  socket.on('error', () => {});
  const until = async (done, ms, what) => {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => { waiters.push(r); setTimeout(r, 50); });
    }
  };
  return {
    write: bytes => socket.write(bytes),
    answers: async (n, ms = 10000) => { await until(() => answers.length >= n || closed, ms, `${n} answers`); return answers.slice(0, n); },
    closed: async (ms) => { await until(() => closed, ms, 'the server to close'); },
    isClosed: () => closed,
    end: () => socket.destroy(),
  };
}

test('submissions and reads share one keep-alive connection, answered in order with the security headers', async () => {
  const region = prepareRegion(2);
  const server = await startServer([], region.prepare);
  try {
    const c = await connect(server.url);
    c.write(getRequest('/api/health'));
    await c.answers(1);
    c.write(submitRequest(enroll('front-a', region.codes()[0])));
    await c.answers(2);
    c.write(getRequest('/api/tree-head'));
    const [health, submitted, head] = await c.answers(3);
    assert.equal(health.status, 200);
    assert.equal(JSON.parse(health.body).ok, true);
    assert.equal(submitted.status, 201, submitted.body);
    assert.equal(JSON.parse(submitted.body).log_index, 0);
    for (const h of ['content-security-policy', 'x-content-type-options', 'referrer-policy'])
      assert.ok(submitted.headers[h], `the submission's answer carries ${h}`);
    assert.equal(submitted.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(submitted.headers['keep-alive'], /timeout=5, max=\d+/);
    assert.equal(head.status, 200);
    assert.match(head.body, /\n1\n/, 'the head the read sees already holds the submission');
    assert.equal(c.isClosed(), false);
    c.end();
    assert.equal(checkDb(server.dbPath).envelopes, 1);
  } finally {
    await server.stop();
  }
});

test('pipelined requests in one write are answered in order; the same envelope again gets its original receipt', async () => {
  const region = prepareRegion(2);
  const server = await startServer([], region.prepare);
  try {
    const a = enroll('front-p1', region.codes()[0]);
    const b = enroll('front-p2', region.codes()[1]);
    const c = await connect(server.url);
    c.write(Buffer.concat([submitRequest(a), submitRequest(b), getRequest('/api/health'), submitRequest(a)]));
    const answers = await c.answers(4);
    assert.deepEqual(answers.map(x => x.status), [201, 201, 200, 200], answers.map(x => x.body).join('\n'));
    assert.deepEqual(answers.map(x => JSON.parse(x.body).log_index), [0, 1, undefined, 0]);
    assert.equal(JSON.parse(answers[3].body).duplicate, true, 'the same envelope again returns its original receipt');
    c.end();
    assert.equal(checkDb(server.dbPath).envelopes, 2);
  } finally {
    await server.stop();
  }
});

test('a submission that arrives in pieces is one submission; Connection: close is honoured', async () => {
  const region = prepareRegion(1);
  const server = await startServer([], region.prepare);
  try {
    const request = submitRequest(enroll('front-slow', region.codes()[0]), 'Connection: close\r\n');
    const c = await connect(server.url);
    for (const [from, to] of [[0, 7], [7, 40], [40, request.length - 30], [request.length - 30, request.length]]) {
      c.write(request.subarray(from, to));
      await sleep(150);
    }
    const [answer] = await c.answers(1);
    assert.equal(answer.status, 201, answer.body);
    assert.equal(answer.headers.connection, 'close');
    await c.closed(2000);
    assert.equal(checkDb(server.dbPath).envelopes, 1);
  } finally {
    await server.stop();
  }
});

test('chunked and oversized submissions go to the route table: accepted, or 413 with nothing stored and the connection going on', async () => {
  const region = prepareRegion(1);
  const server = await startServer([], region.prepare);
  try {
    const body = enroll('front-chunked', region.codes()[0]);
    const c = await connect(server.url);
    c.write(Buffer.concat([Buffer.from('POST /api/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n' +
                                       'Transfer-Encoding: chunked\r\n\r\n' + body.length.toString(16) + '\r\n'),
                           body, Buffer.from('\r\n0\r\n\r\n')]));
    const [chunked] = await c.answers(1);
    assert.equal(chunked.status, 201, chunked.body);
    assert.ok(chunked.headers['content-security-policy']);
    c.end();

    const big = await connect(server.url);
    big.write(Buffer.from('POST /api/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n' +
                          `Content-Length: ${(1 << 20) + 1}\r\n\r\n`));
    const [tooLarge] = await big.answers(1);
    assert.equal(tooLarge.status, 413);
    assert.equal(JSON.parse(tooLarge.body).error.code, 'payload_too_large');
    big.end();

    // Larger than one envelope, within the request limit: sent whole, refused whole, the connection goes on.
    const over = await connect(server.url);
    over.write(Buffer.concat([submitRequest(Buffer.alloc(100000, 1)), getRequest('/api/health')]));
    const [overEnvelope, after] = await over.answers(2);
    assert.equal(overEnvelope.status, 413);
    assert.equal(JSON.parse(overEnvelope.body).error.code, 'payload_too_large');
    assert.equal(after.status, 200, 'the next request on the connection is served');
    over.end();
    assert.equal(checkDb(server.dbPath).envelopes, 1);
  } finally {
    await server.stop();
  }
});

test('idle connections, stalled submissions and heads sent a byte at a time are closed after the idle timeout; others are served meanwhile', async () => {
  const server = await startServer([]);
  try {
    const idle = await connect(server.url);
    const stalled = await connect(server.url);
    stalled.write(Buffer.from('POST /api/submit HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly part of the body'));
    const trickle = await connect(server.url);
    const slowHead = 'GET /api/health HTTP/1.1\r\n' + 'X-Slow: 1\r\n'.repeat(20);
    let sent = 0;
    const dripping = setInterval(() => { if (sent < slowHead.length) trickle.write(slowHead[sent++]); }, 250);
    const busy = await connect(server.url);
    const started = Date.now();
    busy.write(getRequest('/api/health'));
    assert.equal((await busy.answers(1))[0].status, 200, 'served while the others wait');
    await idle.closed(9000);
    await stalled.closed(9000);
    const waited = Date.now() - started;
    assert.ok(waited >= 4000, `closed only after the idle timeout (${waited} ms)`);
    await trickle.closed(4000);
    clearInterval(dripping);
    assert.ok(sent < slowHead.length, 'closed while its head was still arriving');
    assert.equal((await stalled.answers(1, 100)).length, 0, 'the stalled submission got no answer');
    assert.equal((await trickle.answers(1, 100)).length, 0, 'the trickled request got no answer');
    assert.equal(checkDb(server.dbPath).envelopes, 0);
  } finally {
    await server.stop();
  }
});
