// database.test.mjs — the operator's database commands on whichever backend the run uses (SQLite by
// default; PostgreSQL under YISHI_DB_BACKEND=postgresql, ctest e2e_postgres): `migrate` creates and
// reports the schema, `check` agrees with the log after submissions, bad --db locations get a clear
// error, and on PostgreSQL a second server on the same database refuses to start.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, runServerCommand, backend } from './harness.mjs';
import { checkDb, publicKey, signOne, submit, REGION } from './ledger_helpers.mjs';
import { freshDatabase } from './postgres.mjs';

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

test('on PostgreSQL a second server on the same database refuses to start', { skip: backend !== 'postgresql' }, async () => {
  const server = await startServer();
  try {
    const second = spawn(process.env.YISHI_SERVER, ['serve', '--port', '0', '--db', server.dbPath, '--web',
                                                     process.env.YISHI_WEB_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    second.stderr.on('data', d => { err += d; });
    const code = await new Promise(r => second.on('exit', r));
    assert.equal(code, 1);
    assert.match(err, /another yishi-server serves/);
    const c = checkDb(server.dbPath);
    assert.ok(c.ok, 'the first server and its database are untouched: ' + c.text);
  } finally {
    await server.stop();
  }
});

test('copy moves a SQLite deployment to PostgreSQL: same log root, and a server on the copy goes on', { skip: backend !== 'postgresql' }, async () => {
  const committee = dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('copy-committee'),
                                '--region', String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
  };
  const open = seq => signOne({ key: 'copy-committee', kind: 'consultation_open', sequence: seq, region: REGION,
                                consultation: 800 + seq,
                                payload: { title: `议题${seq}`, method: 2, method_param: 1, options: [[1, '同意'], [2, '不同意']],
                                           schedule: [[2, 1764288000000]] } }).wire;
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
