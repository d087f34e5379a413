// multinode.test.mjs — several servers on one PostgreSQL while the integrator keeps dying (issue 23).
//
// Three `yishi-server serve` processes share one database of a throwaway cluster (postgres.mjs); 8
// writers, spread over them, submit pre-signed envelopes one after another, each retrying the same
// bytes (on another server if its own is down) until it has a receipt. Meanwhile the server holding the
// integrator lock (it says so on stderr) is SIGKILLed at a random moment, 50 times, and restarted each
// time. Then, with an independent verifier (ledger_helpers.mjs, node's own crypto):
//   - every acknowledged submission verifies against its receipt's checkpoint and sits in the stored
//     log at its acknowledged index (no index acknowledged twice);
//   - every checkpoint any server handed out has one root per size, and a consistency proof from each to
//     the final head verifies (asked of all three servers in turn);
//   - the final head's root equals the root recomputed from the stored leaves, which are the leaf hashes
//     recomputed from the stored envelopes; `yishi-server check` agrees.
// About 60-90 s on a loaded 2-core machine (ctest e2e_multinode).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { checkDb, leafOf, merkleRoot, openCheckpoint, publicKey, sign, verifyConsistency, verifyReceipt,
         REGION } from './ledger_helpers.mjs';
import { freshDatabase, postgresAvailable, startCluster } from './postgres.mjs';

const NODES = 3;
const WRITERS = 8;
const CYCLES = Number(process.env.YISHI_MULTINODE_CYCLES || 50);
const PER_WRITER = 1000;                // pre-signed envelopes per writer (more than a run uses)
const sleep = ms => new Promise(r => setTimeout(r, ms));
// GET and parse, once more if the keep-alive socket was closed by the server (kKeepAliveMaxRequests).
async function getJson(url) {
  try {
    return await (await fetch(url)).json();
  } catch {
    return await (await fetch(url)).json();
  }
}

// Rows of one SQL query through psql (the cluster's socket, trust authentication), as arrays of columns.
function sql(dbUrl, query) {
  const c = startCluster();
  const db = /postgresql:\/\/\/([^?]+)/.exec(dbUrl)[1];
  const psql = path.join(process.env.YISHI_PG_BIN || '/usr/lib/postgresql/15/bin', 'psql');
  const r = spawnSync(psql, ['-h', c.socketDir, '-U', c.user, '-d', db, '-At', '-F', ' ', '-c', query],
                      { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error('psql: ' + r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map(l => l.split(' '));
}

test('three servers, 8 writers, the integrator SIGKILLed 50 times: every receipt holds and the log is one', {
  skip: !postgresAvailable() && 'no PostgreSQL 15 (postgres.mjs)', timeout: 600000,
}, async () => {
  const db = freshDatabase();
  const keys = Array.from({ length: WRITERS }, (_, w) => `multinode-${w}`);
  for (const k of keys) {
    const r = runServerCommand(['add-committee', '--db', db, '--key', publicKey(k), '--region', String(REGION),
                                '--name', `居委会${k}`]);
    assert.equal(r.status, 0, r.stderr);
  }
  const envelopes = keys.map((key, w) => sign(Array.from({ length: PER_WRITER }, (_, i) => ({
    key, kind: 'consultation_open', sequence: i + 1, region: REGION, consultation: (w + 1) * 100000 + i,
    payload: { title: `议题${w}-${i}`, method: 2, method_param: 1, options: [[1, '同意'], [2, '不同意']],
               schedule: [[2, 1764288000000]] },
  }))).map(e => e.wire));

  const args = ['--rate-per-key', '0', '--rate-per-address', '0', '--read-rate-per-address', '0'];
  const nodes = [];
  for (let i = 0; i < NODES; ++i) nodes.push(await startServer(args, null, undefined, { db }));
  const logKey = await (await fetch(nodes[0].url + '/api/log-key')).json();
  const heads = new Map();   // checkpoint note -> { size, root }, every one any server handed out
  const noteHead = note => {
    if (!heads.has(note)) {
      const cp = openCheckpoint(note, logKey.origin, logKey.public_key);
      heads.set(note, { size: Number(cp.size), root: cp.root });
    }
  };

  // The writers: each submits its envelopes in order, retrying the same bytes until acknowledged.
  const acked = [];          // { wire, receipt }
  let stop = false, retries = 0, pendingAnswers = 0;
  const writer = async w => {
    for (let i = 0; i < PER_WRITER && !stop; ++i) {
      for (let attempt = 0; ; ++attempt) {
        const node = nodes[(w + attempt) % NODES];
        try {
          const r = await fetch(node.url + '/api/submit', { method: 'POST', body: Buffer.from(envelopes[w][i], 'hex'),
                                                            headers: { 'Content-Type': 'application/octet-stream' },
                                                            signal: AbortSignal.timeout(15000) });
          const body = await r.json();
          if (r.status === 201 || r.status === 200) {
            acked.push({ wire: envelopes[w][i], receipt: body });
            noteHead(body.checkpoint);
            break;
          }
          if (r.status === 503 && body.error?.code === 'log_pending') ++pendingAnswers;
          else assert.fail(`writer ${w} envelope ${i}: ${r.status} ${JSON.stringify(body)}`);
        } catch (e) {
          if (e.code === 'ERR_ASSERTION') throw e;   // a refusal is a failure, a dead server is not
        }
        ++retries;
        await sleep(20);
      }
    }
  };
  const writing = keys.map((_, w) => writer(w));

  // The killer: find the integrator, SIGKILL it at a random moment, restart it on the same database.
  let kills = 0;
  try {
    for (let cycle = 0; cycle < CYCLES; ++cycle) {
      let victim = -1;
      for (let waited = 0; victim < 0; waited += 20) {
        victim = nodes.findIndex(n => n.proc.exitCode === null && /this server now integrates the log/.test(n.log()));
        if (waited > 10000) assert.fail('no server took the integrator lock within 10 s');
        if (victim < 0) await sleep(20);
      }
      if (process.env.YISHI_MULTINODE_VERBOSE) console.error(`cycle ${cycle}: integrator is node ${victim}`);
      await sleep(50 + Math.floor(Math.random() * 400));
      const dead = new Promise(r => nodes[victim].proc.once('exit', r));
      nodes[victim].proc.kill('SIGKILL');
      await dead;
      await nodes[victim].stop();   // its temporary directory
      ++kills;
      nodes[victim] = await startServer(args, null, undefined, { db });
      if (process.env.YISHI_MULTINODE_VERBOSE) console.error(`cycle ${cycle}: killed node ${victim}, ${acked.length} acknowledged`);
    }
  } finally {
    stop = true;
    await Promise.allSettled(writing);
  }
  await Promise.all(writing);   // rethrows a writer's failure
  assert.equal(kills, CYCLES);
  assert.ok(acked.length >= WRITERS * 10, `only ${acked.length} acknowledged`);

  try {
    // The final heads of all servers, once they agree on the size of the stored log.
    const stored = Number(sql(db, 'SELECT count(*) FROM log_leaves')[0][0]);
    let finals = [];
    for (let waited = 0; ; waited += 50) {
      finals = await Promise.all(nodes.map(async n => (await (await fetch(n.url + '/api/tree-head')).text())));
      finals.forEach(noteHead);
      if (finals.every(f => heads.get(f).size === stored)) break;
      if (waited > 10000) assert.fail(`heads ${finals.map(f => heads.get(f).size)} never reached ${stored}`);
      await sleep(50);
    }
    const final = heads.get(finals[0]);

    // The stored log, recomputed from scratch: envelopes -> leaves -> root.
    const leafRows = sql(db, "SELECT log_index, encode(leaf_hash, 'hex') FROM log_leaves ORDER BY log_index");
    const leaves = leafRows.map(([i, h], k) => { assert.equal(Number(i), k, 'no gap'); return Buffer.from(h, 'hex'); });
    const envRows = sql(db, "SELECT log_index, encode(wire, 'hex') FROM envelopes ORDER BY log_index");
    assert.equal(envRows.length, leaves.length, 'one envelope per leaf');
    for (const [i, wire] of envRows) assert.ok(leafOf(wire).leaf.equals(leaves[Number(i)]), `leaf ${i} is its envelope's`);
    assert.ok(merkleRoot(leaves).equals(final.root), 'the signed root is the root of the stored leaves');

    // Every acknowledgement: a valid receipt, at its index in the stored log, no index twice.
    const seen = new Set();
    for (const { wire, receipt } of acked) {
      verifyReceipt(wire, receipt, logKey.origin, logKey.public_key);
      assert.ok(!seen.has(receipt.log_index), `index ${receipt.log_index} acknowledged twice`);
      seen.add(receipt.log_index);
      assert.equal(leaves[receipt.log_index].toString('hex'), receipt.leaf_hash, `ack at ${receipt.log_index}`);
    }

    // Every head handed out: one root per size, and a prefix of the final head (asked of each server).
    const bySize = new Map();
    for (const h of heads.values()) {
      if (bySize.has(h.size)) assert.ok(bySize.get(h.size).equals(h.root), `two roots for size ${h.size}`);
      bySize.set(h.size, h.root);
    }
    let k = 0;
    for (const [size, root] of bySize) {
      const n = nodes[k++ % NODES];
      const r = await getJson(`${n.url}/api/proof/consistency?from=${size}&to=${final.size}`);
      assert.ok(r.proof, JSON.stringify(r));
      verifyConsistency(size, final.size, r.proof.map(h => Buffer.from(h, 'hex')), root, final.root);
    }
    const c = checkDb(db);
    assert.ok(c.ok, c.text);
    console.log(`# ${kills} integrator kills, ${acked.length} acknowledged, ${leaves.length} logged, ` +
                `${bySize.size} heads checked, ${retries} retries (${pendingAnswers} log_pending)`);
  } finally {
    for (const n of nodes) await n.stop();
  }
});
