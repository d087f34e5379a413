// crash.test.mjs — durability under SIGKILL. Several residents submit pre-signed comments as fast as
// the server answers; the server is killed with SIGKILL at a random moment, restarted on the same
// file, and the clients resume (re-sending whatever was not acknowledged). After every kill:
// `yishi-server check` must report integrity ok, log leaves = stored envelopes, and the last signed
// tree head's root = the root recomputed from the stored envelopes. At the end every acknowledged
// submission must still have its receipt at the same log index. YISHI_CRASH_CYCLES sets the number
// of kills (default 50, about 30 s here); YISHI_CRASH_SEED the random seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runServerCommand } from './harness.mjs';
import { REGION, sign, publicKey, checkDb, verifyReceipt } from './ledger_helpers.mjs';

const CYCLES = Number(process.env.YISHI_CRASH_CYCLES || 50);
const AUTHORS = 8;
const PER_AUTHOR = Math.max(500, 4 * CYCLES);   // enough that the load never runs out before the last kill
let seed = Number(process.env.YISHI_CRASH_SEED || 20161128);
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };   // reproducible

function startOn(dbPath) {
  const proc = spawn(process.env.YISHI_SERVER, ['serve', '--port', '0', '--db', dbPath, '--web', '/nonexistent',
                                                 '--rate-per-key', '0', '--rate-per-address', '0',
                                                 '--read-rate-per-address', '0'],  // load, not limits, is tested here
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', d => { log += d; });
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', d => {
      log += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) resolve({ url: m[1], proc });
    });
    proc.on('exit', code => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
}

test(`every acknowledged submission survives ${CYCLES} SIGKILLs, and the log always matches its signed head`, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-crash-'));
  const dbPath = path.join(dir, 'yishi.db');
  try {
    assert.equal(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('crash-committee'),
                                   '--region', String(REGION), '--name', 'c']).status, 0);
    const codes = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('crash-committee'),
                                    '--region', String(REGION), '--count', String(AUTHORS)]).stdout.trim().split('\n');
    // Queues of pre-signed envelopes: the consultation first, then per resident an enrolment and comments.
    const setup = sign([{ key: 'crash-committee', kind: 'consultation_open', sequence: 1, region: REGION, consultation: 1,
                          payload: { title: '压力测试', method: 1, options: [[1, 'a'], [2, 'b']], schedule: [[2, 0]] } }]);
    const queues = [setup];
    for (let a = 0; a < AUTHORS; a++) {
      const specs = [{ key: `crash-${a}`, kind: 'enroll', sequence: 1, region: REGION, payload: { code: codes[a] } }];
      for (let i = 0; i < PER_AUTHOR; i++)
        specs.push({ key: `crash-${a}`, kind: 'comment', sequence: i + 2, region: REGION, consultation: 1,
                     payload: { text: `第${i}条意见 from ${a}` } });
      queues.push(sign(specs));
    }
    const next = queues.map(() => 0);     // first unacknowledged envelope per queue
    const acked = new Map();              // envelope id -> { log_index, wire }
    let logKey = null, kills = 0, duplicates = 0, maxHead = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { url, proc } = await startOn(dbPath);
      logKey ??= await (await fetch(url + '/api/log-key')).json();
      let alive = true;
      const exited = new Promise(r => proc.once('exit', r));
      // One client per queue; the setup queue must finish before residents can comment.
      const client = async q => {
        while (alive && next[q] < queues[q].length) {
          const env = queues[q][next[q]];
          let r;
          try {
            r = await fetch(url + '/api/submit', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
                                                   body: Buffer.from(env.wire, 'hex') });
          } catch { return; }   // killed mid-request: not acknowledged, re-sent next cycle
          const body = await r.json().catch(() => null);
          if (!body) return;
          assert.ok(r.status === 201 || r.status === 200, `${r.status} ${JSON.stringify(body)}`);
          if (r.status === 200) duplicates++;
          const prev = acked.get(env.id);
          if (prev) assert.equal(body.log_index, prev.log_index, 'a retry keeps its place in the log');
          acked.set(env.id, { log_index: body.log_index, wire: env.wire });
          next[q]++;
        }
      };
      const clients = (async () => { await client(0); await Promise.all(queues.slice(1).map((_, i) => client(i + 1))); })();
      await new Promise(r => setTimeout(r, 20 + Math.floor(random() * 250)));
      alive = false;
      proc.kill('SIGKILL');
      kills++;
      await exited;
      await clients;
      const c = checkDb(dbPath);
      assert.ok(c.ok, `after kill ${kills}: ${c.text}`);
      assert.ok(c.envelopes >= acked.size, `after kill ${kills}: ${c.envelopes} stored < ${acked.size} acknowledged`);
      maxHead = c.checkpoint_size;
    }

    // Finally: every acknowledged envelope has its receipt, at the index it was acknowledged with.
    const { url, proc } = await startOn(dbPath);
    const exited = new Promise(r => proc.once('exit', r));
    try {
      for (const [id, { log_index, wire }] of acked) {
        const r = await fetch(`${url}/api/envelopes/${id}/receipt`);
        assert.equal(r.status, 200, `acknowledged ${id} is missing`);
        const receipt = await r.json();
        assert.equal(receipt.log_index, log_index);
        if (log_index % 97 === 0) verifyReceipt(wire, receipt, logKey.origin, logKey.public_key);
      }
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
    console.log(`crash test: ${kills} SIGKILLs, ${acked.size} acknowledged submissions (${duplicates} answered as ` +
                `retries of committed ones), log size ${maxHead}, all present, integrity ok, root = signed head`);
    assert.ok(acked.size > CYCLES, 'the load made progress between kills');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
