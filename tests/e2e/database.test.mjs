// database.test.mjs — the operator's database commands on whichever backend the run uses (SQLite by
// default; PostgreSQL under YISHI_DB_BACKEND=postgresql, ctest e2e_postgres): `migrate` creates and
// reports the schema, `check` agrees with the log after submissions, bad --db locations get a clear
// error, and on PostgreSQL two servers on one database share its log, replay rules and rate limits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, backend } from './harness.mjs';
import { checkDb, openCheckpoint, publicKey, signOne, submit, verifyReceipt, REGION } from './ledger_helpers.mjs';
import { freshDatabase } from './postgres.mjs';

// A committee in REGION under test key `name`, written before a server starts (startServer's prepare).
const committeeOf = name => dbPath => {
  const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey(name),
                              '--region', String(REGION), '--name', '居委会']);
  assert.equal(r.status, 0, r.stderr);
};
// A signed consultation_open by test key `key` (a committee), as wire hex.
const openBy = (key, seq, consultation, title = `议题${seq}`) =>
  signOne({ key, kind: 'consultation_open', sequence: seq, region: REGION, consultation,
            payload: { title, method: 2, method_param: 1, options: [[1, '同意'], [2, '不同意']],
                       schedule: [[2, 1764288000000]] } }).wire;

test('migrate creates the schema once and reports the same version again', async () => {
  const server = await startServer();
  try {
    const first = runServerCommand(['migrate', '--db', server.dbPath]);
    assert.equal(first.status, 0, first.stderr);
    const m = /^schema version (\d+) \((sqlite|postgresql)\)$/m.exec(first.stdout);
    assert.ok(m, first.stdout);
    assert.equal(m[2], backend);
    const again = runServerCommand(['migrate', '--db', server.dbPath]);
    assert.equal(again.stdout, first.stdout, 'a second migrate changes nothing');
  } finally {
    await server.stop();
  }
});

test('check agrees with the log after accepted submissions', async () => {
  const server = await startServer(['--rate-per-key', '0'], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('db-committee'),
                                '--region', String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
  });
  try {
    for (let seq = 1; seq <= 3; ++seq) {
      const wire = signOne({ key: 'db-committee', kind: 'consultation_open', sequence: seq, region: REGION,
                             consultation: 900 + seq,
                             payload: { title: `议题${seq}`, method: 2, method_param: 1, options: [[1, '同意'], [2, '不同意']],
                                        schedule: [[2, 1764288000000]] } }).wire;
      const r = await submit(server.url, wire);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const c = checkDb(server.dbPath);
    assert.ok(c.ok, c.text);
    assert.equal(c.envelopes, 3);
    assert.equal(c.leaves, 3);
    assert.equal(c.checkpoint_size, 3);
  } finally {
    await server.stop();
  }
});

test('a location that cannot be opened is refused with a clear message', () => {
  const bad = backend === 'postgresql'
    ? freshDatabase().replace(/yishi_\d+_\d+/, 'no_such_database')
    : '/proc/no/such/dir/yishi.db';
  const r = runServerCommand(['migrate', '--db', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, backend === 'postgresql' ? /cannot connect to PostgreSQL: .*no_such_database/ : /cannot open database/);
});

test('on PostgreSQL two servers share one log: indexes, receipts, replays and rate limits hold across them', { skip: backend !== 'postgresql' }, async () => {
  const committee = committeeOf('two-node-committee');
  const open = seq => openBy('two-node-committee', seq, 700 + seq);
  // One token a second per key: a burst spread over both servers must still be limited once.
  const a = await startServer(['--rate-per-key', '1'], committee);
  const b = await startServer(['--rate-per-key', '1'], null, undefined, { db: a.dbPath });
  try {
    const logKey = await (await fetch(a.url + '/api/log-key')).json();
    assert.deepEqual(await (await fetch(b.url + '/api/log-key')).json(), logKey, 'one log, one key');
    const wires = [], receipts = [];
    for (let seq = 1; seq <= 6; ++seq) {
      const node = seq % 2 ? a : b;
      wires.push(open(seq));
      let r = await submit(node.url, wires.at(-1));
      if (r.status === 429) {   // the other server's token of the last second: wait as told
        await new Promise(res => setTimeout(res, 1100));
        r = await submit(node.url, wires.at(-1));
      }
      assert.equal(r.status, 201, JSON.stringify(r.body));
      receipts.push(r.body);
    }
    assert.deepEqual(receipts.map(r => r.log_index), [0, 1, 2, 3, 4, 5], 'indexes in acceptance order, no gap');
    for (let i = 0; i < wires.length; ++i) verifyReceipt(wires[i], receipts[i], logKey.origin, logKey.public_key);
    // A replay on the other server: the same bytes are the original receipt; a lower sequence is refused.
    const again = await submit(b.url, wires[0]);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.log_index, 0);
    const replay = openBy('two-node-committee', 2, 799, '重放');
    await new Promise(res => setTimeout(res, 1100));   // a fresh token: the refusal is the sequence rule's
    const refused = await submit(a.url, replay);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    // The rate limit is shared: two fresh submissions at once, one to each server, and one is refused.
    await new Promise(res => setTimeout(res, 1100));
    const burst = await Promise.all([submit(a.url, open(7)), submit(b.url, open(8))]);
    assert.deepEqual(burst.map(r => r.status).sort(), [201, 429], JSON.stringify(burst.map(r => r.body)));
    // Both serve the same head and prove against each other's heads.
    const heads = await Promise.all([a, b].map(async n => (await (await fetch(n.url + '/api/tree-head')).text())));
    const sizes = heads.map(h => Number(openCheckpoint(h, logKey.origin, logKey.public_key).size));
    const to = Math.max(...sizes);
    const c = await (await fetch(`${b.url}/api/proof/consistency?from=3&to=${to}`)).json();
    assert.equal(c.proof.length > 0, true, JSON.stringify(c));
    const checked = checkDb(a.dbPath);
    assert.ok(checked.ok, checked.text);
    assert.equal(checked.envelopes, 7);
    assert.match(a.log() + b.log(), /this server now integrates the log/);
  } finally {
    await b.stop();
    await a.stop();
  }
});

test('copy moves a SQLite deployment to PostgreSQL: same log root, and a server on the copy goes on', { skip: backend !== 'postgresql' }, async () => {
  const committee = committeeOf('copy-committee');
  const open = seq => openBy('copy-committee', seq, 800 + seq);
  const source = await startServer(['--rate-per-key', '0'], committee, undefined, { backend: 'sqlite' });
  let receipt;
  try {
    for (let seq = 1; seq <= 4; ++seq) {
      const r = await submit(source.url, open(seq));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      receipt = r.body;
    }
  } finally {
    source.proc.kill('SIGTERM');   // stopped, its file kept for the copy (stop() removes it at the end)
    await new Promise(r => source.proc.once('exit', r));
  }
  const before = checkDb(source.dbPath);
  const target = freshDatabase();
  const c = runServerCommand(['copy', '--from', 'sqlite:' + source.dbPath, '--to', target]);
  assert.equal(c.status, 0, c.stderr);
  const root = /^log_root ([0-9a-f]{64}) /m.exec(c.stdout);
  assert.ok(root, c.stdout);
  const after = checkDb(target);
  assert.ok(after.ok, after.text);
  assert.equal(after.envelopes, 4);
  assert.equal(after.checkpoint_size, before.checkpoint_size);
  const again = runServerCommand(['copy', '--from', source.dbPath, '--to', target]);
  assert.equal(again.status, 1, 'a second copy into the same target is refused');
  assert.match(again.stderr, /is not empty/);
  assert.equal(checkDb(target).envelopes, 4, 'the refused copy left the target as it was');
  const moved = await startServer(['--rate-per-key', '0'], null, undefined, { db: target });
  try {
    const r = await submit(moved.url, open(5));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.log_index, 4, 'the log goes on after the copied entries');
    const replay = await submit(moved.url, open(4));
    assert.equal(replay.status, 200, 'the copied envelope is recognised: ' + JSON.stringify(replay.body));
    assert.equal(replay.body.log_index, receipt.log_index);
    assert.ok(checkDb(target).ok);
  } finally {
    await moved.stop();
    await source.stop();
  }
});
