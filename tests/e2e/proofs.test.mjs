// proofs.test.mjs — the log's proof endpoints through the real server, checked by the independent
// JavaScript verifiers of ledger_helpers.mjs: every head the server signed is a prefix of every later
// one (consistency), every entry is in every head that covers it (inclusion), a tampered proof fails,
// and sizes outside the published log are refused with a clear error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, sign, publicKey, submit, openCheckpoint, rootFromInclusion, verifyConsistency,
         verifyReceipt } from './ledger_helpers.mjs';

let server, logKey;
const heads = [];   // { size, root } of the checkpoint in each receipt, in submission order
const leaves = [];  // leaf hashes by log index

before(async () => {
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('committee'),
                                '--region', String(REGION), '--name', '委员会']);
    assert.equal(r.status, 0, r.stderr);
  });
  logKey = await (await fetch(server.url + '/api/log-key')).json();
  const specs = Array.from({ length: 9 }, (_, k) => ({
    key: 'committee', kind: 'consultation_open', sequence: k + 1, region: REGION, consultation: 300 + k,
    payload: { title: `第 ${k + 1} 号议题`, method: 1, method_param: 0, options: [[1, '同意'], [2, '不同意']],
               schedule: [[2, 1764288000000], [3, 4102444800000]] },
  }));
  for (const { wire } of sign(specs)) {   // one at a time: each receipt carries a new head
    const r = await submit(server.url, wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    verifyReceipt(wire, r.body, logKey.origin, logKey.public_key);
    const cp = openCheckpoint(r.body.checkpoint, logKey.origin, logKey.public_key);
    heads.push({ size: Number(cp.size), root: cp.root });
    leaves[r.body.log_index] = Buffer.from(r.body.leaf_hash, 'hex');
  }
});
after(async () => { await server?.stop(); });

const get = async path => { const r = await fetch(server.url + path); return { status: r.status, body: await r.json() }; };
const hashes = list => list.map(h => Buffer.from(h, 'hex'));

test('every signed head is consistent with every later one', async () => {
  assert.equal(heads.length, 9);
  for (let i = 0; i < heads.length; ++i)
    for (let j = i; j < heads.length; ++j) {
      const a = heads[i], b = heads[j];
      const r = await get(`/api/proof/consistency?from=${a.size}&to=${b.size}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.from, r.body.to], [a.size, b.size]);
      verifyConsistency(a.size, b.size, hashes(r.body.proof), a.root, b.root);
    }
  // `to` defaults to the latest signed head.
  const head = await (await fetch(server.url + '/api/tree-head')).text();
  const latest = openCheckpoint(head, logKey.origin, logKey.public_key);
  const r = await get(`/api/proof/consistency?from=${heads[2].size}`);
  assert.equal(r.body.to, Number(latest.size));
  verifyConsistency(heads[2].size, Number(latest.size), hashes(r.body.proof), heads[2].root, latest.root);
});

test('a tampered consistency proof or a rewritten old head does not verify', async () => {
  const a = heads[2], b = heads[8];
  const { body } = await get(`/api/proof/consistency?from=${a.size}&to=${b.size}`);
  const proof = hashes(body.proof);
  assert.ok(proof.length > 0);
  const bad = proof.map(p => Buffer.from(p));
  bad[0][0] ^= 1;
  assert.throws(() => verifyConsistency(a.size, b.size, bad, a.root, b.root), /consistency proof invalid/);
  const otherRoot = Buffer.from(a.root); otherRoot[31] ^= 1;
  assert.throws(() => verifyConsistency(a.size, b.size, proof, otherRoot, b.root), /consistency proof invalid/);
});

test('every entry is included in every head that covers it', async () => {
  for (const h of heads)
    for (let index = 0; index < h.size; ++index) {
      const r = await get(`/api/proof/inclusion?index=${index}&size=${h.size}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.leaf_hash, leaves[index].toString('hex'), 'the leaf the receipt named');
      assert.ok(rootFromInclusion(leaves[index], index, h.size, hashes(r.body.proof)).equals(h.root));
    }
});

test('sizes outside the published log are refused with bad_range', async () => {
  const last = heads.at(-1).size;
  for (const q of [`consistency?from=${last + 1}`, `consistency?from=3&to=2`, `consistency?from=1&to=${last + 1}`,
                   `consistency?from=x`, 'consistency', `inclusion?index=${last}`, `inclusion?index=2&size=2`,
                   `inclusion?index=0&size=${last + 1}`, 'inclusion?index=-1', 'inclusion']) {
    const r = await get('/api/proof/' + q);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.code, 'bad_range', q);
    assert.match(r.body.error.message, new RegExp(`up to the latest signed head \\(${last} entries\\)`));
  }
});
