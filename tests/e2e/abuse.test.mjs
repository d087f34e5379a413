// abuse.test.mjs — refusals of issue 20 against a real server, each checked to leave the database and
// the transparency log unchanged (every table's row count and the signed head, read from the file by
// Python's sqlite3 and `yishi-server check`, not by the server): heads over the header count or size
// (431, JSON, connection closed), a too-long target (414 JSON), 404/405 JSON bodies, malformed queries
// (`region=1=1`, a name twice: 400 bad_query), 429 closing its keep-alive connection, the per-address
// connection cap, a slow body cut off at the request deadline, sequence-conflict evidence kept once
// per envelope and at most kMaxEvidencePerAuthor per author, and a revoked identity's ballot key
// refused while its earlier ballot stays counted; 50 voters who bind and vote back to back (the worst
// timing) while nothing public pairs an identity with its bind's log index or its ballot; and a display name with a bidi override or a
// zero-width character refused by the signing tool and by the server alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { startServer } from './harness.mjs';
import { REGION, sign, submit, checkDb, prepareRegion, toolBin } from './ledger_helpers.mjs';

let server, port, codes;
const NOW = Date.now();
const VOTE = 7, SECRET = 8, VOTERS = 50;
const seq = {};
const sleep = ms => new Promise(r => setTimeout(r, ms));

// Every table's row count and the log's signed head: what a refusal must leave as it was.
function snapshot() {
  const r = spawnSync('python3', ['-c', `import sqlite3,sys,json
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
print(json.dumps({n: db.execute('SELECT count(*) FROM "' + n + '"').fetchone()[0] for n in names}))`, server.dbPath],
                      { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const db = checkDb(server.dbPath);
  return { tables: JSON.parse(r.stdout), head: [db.envelopes, db.leaves, db.checkpoint_size, db.checkpoint_root] };
}
async function unchanged(what, f) {
  const before = snapshot();
  await sleep(100);   // the snapshot blocked this thread: let fetch see any keep-alive connection the server closed
  const result = await f();
  assert.deepEqual(snapshot(), before, `${what} changed the database or the log`);
  return result;
}

function spec(s) {
  const k = s.kind === 'vote' ? `${s.key}/ballot/${s.consultation}` : s.key;
  seq[k] = s.sequence ?? (seq[k] || 0) + 1;
  return { region: REGION, sequence: seq[k], ...s };
}
// One more try if fetch reused a keep-alive connection the server had closed as idle while this thread
// was blocked (spawnSync under a loaded machine): the server shut that socket before reading the
// request, so it was never processed.
async function retried(f) {
  try { return await f(); } catch (e) {
    if (e.cause?.code !== 'UND_ERR_SOCKET') throw e;
    return f();
  }
}
// POST, waiting out a per-address 429 (this server's read limit is low, and a 429 closes the connection).
// The short sleep first: signing (spawnSync) blocked this thread, maybe past the server's keep-alive
// timeout, and fetch must see that close before it picks a pooled connection.
async function post(wire) {
  await sleep(50);
  for (;;) {
    const r = await retried(() => submit(server.url, wire));
    if (r.status !== 429) return r;
    await sleep(1000);
  }
}
async function getText(path) {
  await sleep(50);   // as in post()
  for (;;) {
    const r = await retried(() => fetch(server.url + path));
    if (r.status !== 429) { assert.equal(r.status, 200, path); return r.text(); }
    await sleep(1000);
  }
}
async function accept(s) {
  const [signed] = sign([spec(s)]);
  const r = await post(signed.wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { ...signed, log_index: r.body.log_index };
}

// Raw bytes on one connection; resolves with everything the server sent until it closed (or timeoutMs).
function raw(bytes, { timeoutMs = 5000, localAddress } = {}) {
  return new Promise(resolve => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    let got = '';
    const started = Date.now();
    const timer = setTimeout(() => { s.destroy(); resolve({ text: got, closed: false, ms: Date.now() - started }); }, timeoutMs);
    s.on('data', d => { got += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('close', () => { clearTimeout(timer); resolve({ text: got, closed: true, ms: Date.now() - started }); });
    s.on('connect', () => { if (bytes) s.write(bytes); });
  });
}
const statusOf = text => Number((/^HTTP\/1\.1 (\d+)/.exec(text) || [])[1]);
const bodyOf = text => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

before(async () => {
  const region = prepareRegion(3 + VOTERS);
  server = await startServer(['--rate-per-key', '0', '--read-rate-per-address', '20', '--request-timeout-ms', '2000',
                              '--max-connections-per-address', '16'], region.prepare);
  port = Number(new URL(server.url).port);
  codes = region.codes();
  await accept({ key: 'committee', kind: 'consultation_open', consultation: VOTE, payload: {
    title: '健身器材选址', method: 1, options: [[1, '中心花园'], [2, '北门空地']],
    schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } });
  await accept({ key: 'committee', kind: 'consultation_open', consultation: SECRET, payload: {
    title: '停车位分配', method: 1, options: [[1, '抽签'], [2, '轮换']],
    schedule: [[3, NOW - 60000], [4, NOW + 86400000]] } });
  await accept({ key: 'ab-zhe', kind: 'enroll', payload: { code: codes[0], display_name: '王喆' } });
  await accept({ key: 'ab-kun', kind: 'enroll', payload: { code: codes[1], display_name: '李堃' } });
});
after(async () => { await server?.stop(); });

test('a head over the header count or size is answered 431 with a JSON body and the connection closed', async () => {
  await unchanged('the header floods', async () => {
    const many = 'GET /api/health HTTP/1.1\r\nHost: x\r\n' + 'X-A: 1\r\n'.repeat(100) + '\r\n';
    const big = 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(10000) + '\r\n\r\n';
    const submitFlood = 'POST /api/submit HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n' + 'X-A: 1\r\n'.repeat(100) + '\r\n0123456789';
    for (const bytes of [many, big, submitFlood]) {
      const r = await raw(bytes);
      assert.equal(statusOf(r.text), 431, r.text.slice(0, 200));
      assert.equal(bodyOf(r.text).error.code, 'header_too_large');
      assert.ok(r.closed, 'the connection is closed after a 431');
    }
  });
});

test('error statuses the HTTP layer answers itself carry JSON bodies; malformed queries are refused', async () => {
  await unchanged('the malformed requests', async () => {
    const long = await fetch(server.url + '/api/consultations?x=' + 'a'.repeat(9000));
    assert.ok([414, 431].includes(long.status), String(long.status));
    assert.ok((await long.json()).error.code);
    const nowhere = await fetch(server.url + '/api/nope', { method: 'POST', body: 'x' });
    assert.equal(nowhere.status, 404);
    assert.equal((await nowhere.json()).error.code, 'unknown_endpoint');
    const put = await fetch(server.url + '/api/health', { method: 'PUT', body: 'x' });
    assert.ok(put.status >= 400);
    assert.ok((await put.json()).error.code);
    for (const q of ['region=1=1', `region=${REGION}&region=1`, 'region=320508=320508&stage=3']) {
      const r = await fetch(`${server.url}/api/consultations?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal((await r.json()).error.code, 'bad_query', q);
    }
    assert.equal((await fetch(`${server.url}/api/consultations?region=${REGION}`)).status, 200);
  });
});

test('a 429 closes its keep-alive connection; one address gets at most its connection cap', async () => {
  await sleep(1100);   // a full read bucket
  const r = await raw('GET /api/tree-head HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(30), { localAddress: '127.0.0.6' });
  assert.ok(r.text.includes('HTTP/1.1 429 '), 'the burst met the read limit');
  assert.ok(r.closed, 'the server closed the connection after the 429');
  const answers = r.text.match(/HTTP\/1\.1 \d+/g);
  assert.equal(answers[answers.length - 1], 'HTTP/1.1 429', 'nothing was answered after the 429');

  const held = [];
  for (let i = 0; i < 16; ++i) {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.7' });
    s.on('error', () => {});
    await new Promise(ok => s.on('connect', ok));
    held.push(s);
  }
  try {
    const over = await raw('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n', { localAddress: '127.0.0.7' });
    assert.equal(statusOf(over.text), 429, over.text);
    assert.equal(bodyOf(over.text).error.code, 'too_many_connections');
    assert.ok(over.closed);
    const other = await raw('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { localAddress: '127.0.0.8' });
    assert.equal(statusOf(other.text), 200, 'another address is still served');
  } finally {
    for (const s of held) s.destroy();
  }
});

test('a slow body is cut off at the request deadline, whether the front or a route thread reads it', async () => {
  await unchanged('the slow bodies', async () => {
    for (const [path, length] of [['/api/submit', 100], ['/api/submit', 100000], ['/index.html', 200000]]) {
      const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.9' });
      s.on('error', () => {});
      const started = Date.now();
      const closed = new Promise(ok => s.on('close', ok));
      s.on('connect', () => s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n` +
                                    `Content-Length: ${length}\r\n\r\n`));
      const drip = setInterval(() => s.writable && s.write('x'), 300);
      await Promise.race([closed, sleep(8000)]);
      clearInterval(drip);
      s.destroy();
      const ms = Date.now() - started;
      assert.ok(ms < 5000, `${path} with ${length} bytes announced: closed after ${ms} ms (deadline 2000 ms)`);
    }
  });
});

// The evidence table's rows for one author (hex key), read from the file.
function evidenceRows() {
  const r = spawnSync('python3', ['-c', `import sqlite3,sys
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(db.execute('SELECT count(*) FROM sequence_evidence').fetchone()[0])`, server.dbPath], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

test('sequence-conflict evidence is kept once per envelope, at most 8 per author, and only what the author may send', async () => {
  const used = seq['ab-zhe'];   // ab-zhe's enrolment: sequence 1
  const conflict = n => sign([{ key: 'ab-zhe', kind: 'propose', sequence: used, region: REGION,
                                payload: { title: `冲突 ${n}`, text: '议'.repeat(1900) } }])[0].wire;
  const first = conflict(0);
  let r = await post(first);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'sequence_conflict');
  assert.equal(evidenceRows(), 1);
  await unchanged('resending the same conflicting envelope', async () => {
    for (let i = 0; i < 5; ++i) assert.equal((await post(first)).status, 409);
  });
  for (let n = 1; n < 12; ++n) assert.equal((await post(conflict(n))).status, 409);
  assert.equal(evidenceRows(), 8, 'at most kMaxEvidencePerAuthor rows per author');
  // A kind the author may not send (a resident opening a consultation) is not kept at all.
  const before = evidenceRows();
  const [open] = sign([{ key: 'ab-kun', kind: 'consultation_open', sequence: seq['ab-kun'], region: REGION, consultation: 99,
                         payload: { title: '不该有的', method: 1, options: [[1, 'a'], [2, 'b']], schedule: [[3, NOW]] } }]);
  await unchanged('a conflict the author could not have sent', async () => {
    assert.equal((await post(open.wire)).status, 409);
  });
  assert.equal(evidenceRows(), before);
});

test('after key_revoke of an identity its ballot key votes no more; the ballot cast before stays counted', async () => {
  await accept({ key: 'ab-kun', kind: 'ballot_key_bind', consultation: VOTE, payload: {} });
  await accept({ key: 'ab-kun', kind: 'vote', consultation: VOTE, payload: { method: 1, entries: [[2, 1]] } });
  await accept({ key: 'committee', kind: 'key_revoke', payload: { revoked_key: 'ab-kun', reason: 1 } });
  const [late] = sign([spec({ key: 'ab-kun', kind: 'vote', consultation: VOTE, payload: { method: 1, entries: [[1, 1]] } })]);
  await unchanged('a vote by a revoked identity\'s ballot key', async () => {
    const r = await post(late.wire);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'key_revoked');
  });
  const p = JSON.parse(await getText(`/api/consultations/${VOTE}/participation`));
  assert.equal(p.ballots, 1, `the earlier ballot still counts: ${JSON.stringify(p)}`);
});

// The tool's key for `name` (shared/tool/sign_command.cpp: seed = SHA-256("yishi-tool-key:" || name)).
function toolKey(name) {
  const seed = createHash('sha256').update('yishi-tool-key:' + name).digest();
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
                            format: 'der', type: 'pkcs8' });
}

test('a display name with a bidi override or a zero-width character is refused, by the signer and by the server', async () => {
  // The signing tool (the same shared/ encoder as the browser's) will not sign one.
  const r = spawnSync(toolBin, ['sign-envelopes'], { input: JSON.stringify({ key: 'ab-yun', kind: 'enroll', sequence: 1, region: REGION,
                                                                     payload: { code: codes[2], display_name: '\u202e会员委居区苏姑' } }) + '\n',
                                             encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /envelope_invisible_text/);
  // Bytes signed by hand: a placeholder of the same length swapped for U+202E (RIGHT-TO-LEFT OVERRIDE),
  // or U+200B (ZERO WIDTH SPACE), and the body signed again with the tool's key.
  for (const invisible of ['\u202e', '\u200b']) {
    const [ok] = sign([{ key: 'ab-yun', kind: 'enroll', sequence: 1, region: REGION,
                         payload: { code: codes[2], display_name: '~~~会员委居区苏姑' } }]);
    const body = Buffer.from(ok.wire, 'hex').subarray(0, -64);
    const at = body.indexOf(Buffer.from('~~~'));
    Buffer.from(invisible, 'utf8').copy(body, at);
    const signature = edSign(null, Buffer.concat([Buffer.from('yishi/envelope/v1\0', 'latin1'), body]), toolKey('ab-yun'));
    const wire = Buffer.concat([body, signature]).toString('hex');
    await unchanged(`an enrolment named with ${escape(invisible)}`, async () => {
      const res = await post(wire);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'envelope_invisible_text');
    });
  }
  const [plain] = sign([{ key: 'ab-yun', kind: 'enroll', sequence: 1, region: REGION,
                          payload: { code: codes[2], display_name: '姑苏区居民赵赟' } }]);
  assert.equal((await post(plain.wire)).status, 201, 'the code was not used up by the refusals');
});

test('50 voters who bind and vote back to back: no public read or export pairs an identity with its bind or its ballot', async () => {
  const voters = [];
  for (let i = 0; i < VOTERS; ++i) {
    const key = `ab-voter-${i}`;
    await accept({ key, kind: 'enroll', payload: { code: codes[3 + i], display_name: `居民${i}` } });
    voters.push({ key });
  }
  for (const [i, v] of voters.entries()) {   // the old client's order: bind, then vote at index + 1
    v.bind = await accept({ key: v.key, kind: 'ballot_key_bind', consultation: SECRET, payload: {} });
    v.vote = await accept({ key: v.key, kind: 'vote', consultation: SECRET, payload: { method: 1, entries: [[1 + (i % 2), 1]] } });
    assert.equal(v.vote.log_index, v.bind.log_index + 1);
  }
  await accept({ key: 'committee', kind: 'consultation_advance', consultation: SECRET, payload: { stage: 4 } });
  const bindIndexes = new Set(voters.map(v => v.bind.log_index));
  const shared = [await getText(`/api/consultations/${SECRET}`), await getText(`/api/consultations/${SECRET}/participation`),
                  await getText(`/api/consultations/${SECRET}/export.json`), await getText(`/api/consultations/${SECRET}/export.csv`),
                  await getText(`/api/consultations?region=${REGION}`)].join('\n');
  const exported = JSON.parse(await getText(`/api/consultations/${SECRET}/export.json`));
  assert.equal(JSON.stringify(exported).includes('ballot_key_bind'), false, 'the export holds no bind');
  for (const v of voters) {
    const own = await getText(`/api/authors/${v.bind.author}/envelopes?limit=100`);
    const listed = JSON.parse(own).items;
    assert.deepEqual(listed.map(x => x.kind), ['enroll'], 'the identity lists no bind');
    for (const x of listed) assert.equal(bindIndexes.has(x.log_index), false, 'no bind index is listed');
    const resident = await getText(`/api/residents/${v.bind.author}`);
    for (const text of [own, resident, shared]) {
      assert.equal(text.includes(v.bind.id), false, 'the bind envelope id is never shown');
      if (text !== shared) assert.equal(text.includes(v.vote.author), false, 'the identity\'s pages never name its ballot key');
    }
    assert.equal(shared.includes(v.bind.author), false, 'the consultation pages and export never name an identity');
  }
  // The export's ballots come in ballot-key order, not in log order of the binds that made them.
  const ballotKeys = voters.map(v => v.vote.author);
  const exportedOrder = ballotKeys.filter(k => shared.includes(k)).sort((a, b) => shared.indexOf(a) - shared.indexOf(b));
  assert.deepEqual(exportedOrder, [...ballotKeys].sort(), 'ballots are listed by ballot key');
});
