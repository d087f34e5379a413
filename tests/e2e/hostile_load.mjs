// hostile_load.mjs — one attacker cannot take the portal from everyone else (issue 20). A real
// yishi-server with its default limits on loopback; three attacking addresses and one well-behaved one,
// told apart by binding client sockets to distinct 127.0.0.x source addresses:
//   127.0.0.2 tries to hold ATTACK_CONNECTIONS idle keep-alive connections, each sending
//             GET /api/health every 3 s and reconnecting 3 s after the server closes it;
//   127.0.0.4 keeps SLOW_BODIES connections sending a request head with Content-Length: 100000 and then
//             one body byte every 2 s (half to /api/submit, half to a static file);
//   127.0.0.5 floods request heads: 4 connections at a time, each sending 20,000 headers of 4,000 bytes.
// Meanwhile 127.0.0.3 makes TRIES tries, each a fresh connection for GET /api/health, one for
// GET /index.html and one for a signed POST /api/submit, and counts those answered (200/201) within
// 1 s. Passes if each succeeds in >= 99% of tries and the server's resident memory stays under
// RSS_BOUND_MB (docs/api.md "Connections"). Bounded in count and time (about 60 s), loopback only; it
// prints its figures. Its own ctest entry (e2e_hostile_load, run alone): not named *.test.mjs, so the
// e2e_browser run of the whole directory does not run it a second time, under other tests' load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { REGION, sign, submit, prepareRegion } from './ledger_helpers.mjs';

const TRIES = Number(process.env.HOSTILE_TRIES || 200);
const TRY_EVERY_MS = 200;
const SLOW_BODIES = 100;
const FLOODERS = 4;
const RSS_BOUND_MB = 200;
const sleep = ms => new Promise(r => setTimeout(r, ms));

// As many attacking connections as the 4,000 if this process may open that many descriptors.
function attackConnections() {
  let soft = 1024;
  try { soft = Number(execFileSync('bash', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || soft; } catch {}
  const n = Math.min(4000, soft - 400);   // room for the slow bodies, the flood and the probes
  if (n < 4000) console.log(`hostile_load: the descriptor limit is ${soft}: ${n} keep-alive connections, not 4000`);
  return n;
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

// One request on a fresh connection from `localAddress`; resolves with the status, or 0 on failure
// or after `timeoutMs`.
function probe(port, localAddress, method, path, body, timeoutMs) {
  return new Promise(resolve => {
    const started = performance.now();
    let done = false;
    const finish = status => { if (!done) { done = true; resolve({ status, ms: performance.now() - started }); } };
    const req = http.request({ host: '127.0.0.1', port, localAddress, method, path, agent: false,
                               headers: body ? { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length } : {} },
                             res => { res.resume(); res.on('end', () => finish(res.statusCode)); res.on('error', () => finish(0)); });
    req.setTimeout(timeoutMs, () => { finish(0); req.destroy(); });
    req.on('error', () => finish(0));
    req.end(body);
  });
}

test('under one address\'s connection flood, slow bodies and header flood, another address is served within 1 s', { timeout: 120000 }, async () => {
  const region = prepareRegion(2);
  const server = await startServer([], region.prepare);
  const port = Number(new URL(server.url).port);
  let attacker = null;
  try {
    // Two residents (the per-key limit is 5 a second; each signs every other try).
    const [codeA, codeB] = region.codes();
    const enrolls = sign([{ key: 'load-a', kind: 'enroll', sequence: 1, region: REGION, payload: { code: codeA, display_name: '张喆' } },
                          { key: 'load-b', kind: 'enroll', sequence: 1, region: REGION, payload: { code: codeB, display_name: '李堃' } }]);
    for (const e of enrolls) assert.equal((await submit(server.url, e.wire)).status, 201);
    const specs = [];
    for (let i = 0; i < TRIES; ++i)
      specs.push({ key: i % 2 ? 'load-b' : 'load-a', kind: 'propose', sequence: 2 + Math.floor(i / 2), region: REGION,
                   payload: { title: `提案 ${i}`, text: '压力测试中的正常提交。' } });
    const wires = sign(specs).map(s => Buffer.from(s.wire, 'hex'));

    const t0 = Date.now();
    const say = what => console.log(`hostile_load: ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    const baselineRss = rssMb(server.proc.pid);
    // The attackers run on their own thread (hostile_attacker.mjs), so their thousands of sockets never
    // delay this thread's probes or their timing.
    attacker = new Worker(new URL('./hostile_attacker.mjs', import.meta.url),
                          { workerData: { port, keepAlive: attackConnections(), slowBodies: SLOW_BODIES, flooders: FLOODERS } });
    const attackerStats = () => new Promise(resolve => {
      attacker.once('message', resolve);
      attacker.postMessage('stats');
    });
    say('attack started');
    await sleep(4000);   // the attack in full swing
    say(`probing; attackers so far ${JSON.stringify(await attackerStats())}`);
    let maxRss = rssMb(server.proc.pid);
    const rssTimer = setInterval(() => { maxRss = Math.max(maxRss, rssMb(server.proc.pid)); }, 250);
    const results = { health: [], file: [], submit: [] };
    const pending = [];
    for (let i = 0; i < TRIES; ++i) {
      pending.push(probe(port, '127.0.0.3', 'GET', '/api/health', null, 1000).then(r => results.health.push(r)));
      pending.push(probe(port, '127.0.0.3', 'GET', '/index.html', null, 1000).then(r => results.file.push(r)));
      pending.push(probe(port, '127.0.0.3', 'POST', '/api/submit', wires[i], 1000).then(r => results.submit.push(r)));
      await sleep(TRY_EVERY_MS);
    }
    say('probes sent');
    await Promise.all(pending);
    say('probes answered');
    clearInterval(rssTimer);
    let attackStats = await attackerStats();
    for (let k = 0; k < 20 && attackStats.slowBodies.closedByServer < SLOW_BODIES; ++k) {   // the worker may lag
      await sleep(500);
      attackStats = await attackerStats();
    }
    await attacker.terminate();
    attacker = null;

    const figures = {};
    for (const [kind, rs] of Object.entries(results)) {
      const ok = rs.filter(r => r.status === (kind === 'submit' ? 201 : 200) && r.ms <= 1000);
      const ms = rs.map(r => r.ms).sort((a, b) => a - b);
      figures[kind] = { ok: ok.length, of: rs.length, p50_ms: Math.round(ms[ms.length >> 1]),
                        p99_ms: Math.round(ms[Math.floor(ms.length * 0.99)]),
                        failures: rs.filter(r => !ok.includes(r)).map(r => r.status) };
    }
    console.log('hostile_load: well-behaved client (127.0.0.3):', JSON.stringify(figures));
    console.log(`hostile_load: attackers: ${JSON.stringify(attackStats)}`);
    console.log(`hostile_load: server RSS ${baselineRss.toFixed(1)} MB before the attack, at most ${maxRss.toFixed(1)} MB during it (bound ${RSS_BOUND_MB} MB)`);
    for (const [kind, f] of Object.entries(figures))
      assert.ok(f.ok >= Math.ceil(TRIES * 0.99), `${kind}: ${f.ok} of ${TRIES} within 1 s (${JSON.stringify(f)})`);
    assert.ok(maxRss < RSS_BOUND_MB, `server RSS ${maxRss.toFixed(1)} MB over ${RSS_BOUND_MB} MB`);
    assert.ok((attackStats.keepAlive.answers['429'] || 0) > 0, 'the connections over the per-address cap were answered 429');
    assert.ok(attackStats.slowBodies.closedByServer >= SLOW_BODIES, 'every slow body was closed by the server');
    // (A flood's 431 is usually lost: the server closes with the flood unread, which resets the connection.
    // abuse.test.mjs checks the 431 itself.)
    assert.ok(attackStats.flood.closedByServer >= FLOODERS, 'the header floods were cut off');
  } finally {
    if (attacker) await attacker.terminate();
    await server.stop();
  }
});
