// feedback.test.mjs — resident feedback through the real server: a resident sends signed feedback, the
// committee of the region moves it received → accepted → in_progress → resolved (or declines it with a
// reason), the resident sees every step and rates the result once. Illegal moves, strangers and second
// ratings are refused with a specific code and change nothing (ledger counts and the item read back).
// Also: public per-community statistics, and the operator's CSV import endpoint behind a bearer token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, signOne, publicKey, submit, checkDb } from './ledger_helpers.mjs';

const OTHER_REGION = 320506;
let server, token;
const seq = {};                                   // next sequence number per key name
const next = key => (seq[key] = (seq[key] ?? 0) + 1);

before(async () => {
  const codes = {};
  // One key signs faster than the 5/s per-key limit here; the limits are tested in hardening.test.mjs.
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const add = (name, region) => {
      const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey(name), '--region', String(region),
                                  '--name', name]);
      assert.equal(r.status, 0, r.stderr);
    };
    add('fb-committee', REGION);
    add('fb-other-committee', OTHER_REGION);
    const issue = (name, region, count) => {
      const r = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey(name),
                                  '--region', String(region), '--count', String(count)]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n');
    };
    [codes.alice, codes.bob] = issue('fb-committee', REGION, 2);
    [codes.carol] = issue('fb-other-committee', OTHER_REGION, 1);
    const t = runServerCommand(['operator-token', '--db', dbPath]);
    assert.equal(t.status, 0, t.stderr);
    token = t.stdout.trim();
  });
  for (const [key, region] of [['alice', REGION], ['bob', REGION], ['carol', OTHER_REGION]]) {
    const r = await submit(server.url, signOne({ key, kind: 'enroll', sequence: next(key), region,
                                                 payload: { code: codes[key], display_name: key === 'alice' ? '赵喆' : '李玥' } }).wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(async () => { await server?.stop(); });

const get = async p => { const r = await fetch(server.url + p); return { status: r.status, body: await r.json() }; };
const counts = () => { const c = checkDb(server.dbPath); return { envelopes: c.envelopes, leaves: c.leaves }; };

async function send(key, kind, payload, region = REGION) {
  const s = signOne({ key, kind, sequence: next(key), region, payload });
  const r = await submit(server.url, s.wire);
  if (r.status !== 201) seq[key] -= 1;            // a refused envelope does not use up its sequence number
  return { ...r, id: s.id };
}
async function accepted(key, kind, payload, region) {
  const r = await send(key, kind, payload, region);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.id;
}
// Refused with `status`/`code`, and neither the ledger nor the feedback item changed.
async function refused(key, kind, payload, status, code, feedbackId, region) {
  const before = counts();
  const item = feedbackId && (await get('/api/feedback/' + feedbackId)).body;
  const r = await send(key, kind, payload, region);
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  assert.deepEqual(counts(), before, 'a refusal changes nothing in the ledger');
  if (feedbackId) assert.deepEqual((await get('/api/feedback/' + feedbackId)).body, item, 'nor in the feedback');
}
const answer = (id, status, text = '') => ({ feedback_id: id, status, text });
const S = { received: 1, in_progress: 2, resolved: 3, declined: 4, accepted: 5 };

test('a resident reports, the committee accepts, works on and resolves it, the resident rates it once', async () => {
  const text = '5号楼东侧路灯坏了两周，晚上很黑，老人出门不便。';
  const id = await accepted('alice', 'feedback', { category: 3, text });
  let item = (await get('/api/feedback/' + id)).body;
  assert.equal(item.status, 'received');
  assert.equal(item.category, 'facilities');
  assert.equal(item.text, text);
  assert.equal(item.region, REGION);
  assert.equal(item.rating, null);
  assert.deepEqual(item.history.map(h => h.status), ['received']);

  // The committee's queue shows it; the other region's queue does not.
  const queue = (await get(`/api/feedback?region=${REGION}&status=received`)).body;
  assert.ok(queue.items.some(i => i.id === id));
  assert.equal(queue.items[0].author, undefined, 'the queue does not expose who wrote it');
  assert.ok(!(await get(`/api/feedback?region=${OTHER_REGION}`)).body.items.some(i => i.id === id));

  // Rating before it is finished, skipping a step, a stranger answering: all refused.
  await refused('alice', 'feedback_rate', { feedback_id: id, score: 5, remark: '' }, 409, 'feedback_not_finished', id);
  await refused('fb-committee', 'feedback_answer', answer(id, S.resolved, '修好了'), 409, 'feedback_bad_transition', id);
  await refused('fb-committee', 'feedback_answer', answer(id, S.in_progress), 409, 'feedback_bad_transition', id);
  await refused('fb-committee', 'feedback_answer', answer(id, S.received), 409, 'feedback_bad_transition', id);
  await refused('bob', 'feedback_answer', answer(id, S.accepted), 403, 'not_committee', id);
  await refused('fb-other-committee', 'feedback_answer', answer(id, S.accepted), 403, 'wrong_region', id);
  await refused('fb-other-committee', 'feedback_answer', answer(id, S.accepted), 422, 'unknown_target', id, OTHER_REGION);

  await accepted('fb-committee', 'feedback_answer', answer(id, S.accepted, '已受理，转物业维修。'));
  await refused('fb-committee', 'feedback_answer', answer(id, S.accepted), 409, 'feedback_bad_transition', id);
  await accepted('fb-committee', 'feedback_answer', answer(id, S.in_progress, '物业已订购灯具。'));
  await accepted('fb-committee', 'feedback_answer', answer(id, S.resolved, '已于周二更换灯具。'));
  await refused('fb-committee', 'feedback_answer', answer(id, S.declined, '重复'), 409, 'feedback_final', id);

  item = (await get('/api/feedback/' + id)).body;
  assert.equal(item.status, 'resolved');
  assert.deepEqual(item.history.map(h => [h.status, h.text]), [
    ['received', ''], ['accepted', '已受理，转物业维修。'], ['in_progress', '物业已订购灯具。'], ['resolved', '已于周二更换灯具。']]);
  for (let i = 1; i < item.history.length; ++i) assert.ok(item.history[i].at_ms >= item.history[i - 1].at_ms);

  // The resident's own list shows the same item; only the author rates, once.
  const mine = (await get(`/api/authors/${publicKey('alice')}/feedback`)).body;
  assert.deepEqual(mine.items.find(i => i.id === id), item);
  await refused('bob', 'feedback_rate', { feedback_id: id, score: 1, remark: '' }, 403, 'feedback_not_author', id);
  await accepted('alice', 'feedback_rate', { feedback_id: id, score: 4, remark: '修得及时，谢谢。' });
  await refused('alice', 'feedback_rate', { feedback_id: id, score: 5, remark: '' }, 409, 'feedback_already_rated', id);
  item = (await get('/api/feedback/' + id)).body;
  assert.equal(item.rating.score, 4);
  assert.equal(item.rating.remark, '修得及时，谢谢。');
});

test('declining needs a reason; a declined item is final and can be rated', async () => {
  const id = await accepted('bob', 'feedback', { category: 5, text: '楼上装修噪音太大。' });
  await refused('fb-committee', 'feedback_answer', answer(id, S.declined, ''), 422, 'feedback_reason_required', id);
  await refused('fb-committee', 'feedback_answer', answer(id, S.declined, '\u3000 '), 422, 'feedback_reason_required', id);
  await accepted('fb-committee', 'feedback_answer', answer(id, S.declined, '装修在允许时段内，已提醒业主减少噪音。'));
  await refused('fb-committee', 'feedback_answer', answer(id, S.accepted), 409, 'feedback_final', id);
  const item = (await get('/api/feedback/' + id)).body;
  assert.deepEqual(item.history.map(h => h.status), ['received', 'declined']);
  await accepted('bob', 'feedback_rate', { feedback_id: id, score: 2, remark: '' });
});

test('feedback belongs to the resident\'s own region, and unknown items are not found', async () => {
  await refused('carol', 'feedback', { category: 1, text: '垃圾分类点太远。' }, 403, 'wrong_region');
  await refused('fb-committee', 'feedback_answer', answer('ab'.repeat(32), S.accepted), 422, 'unknown_target');
  assert.equal((await get('/api/feedback/' + 'ab'.repeat(32))).status, 404);
  assert.equal((await get('/api/feedback/xyz')).status, 404);
  assert.equal((await get('/api/feedback/abc')).body.error.code, 'bad_id');
  assert.equal((await get('/api/feedback')).body.error.code, 'bad_region');
  assert.equal((await get(`/api/feedback?region=${REGION}&status=done`)).body.error.code, 'bad_status');
  assert.equal((await get(`/api/feedback?region=${REGION}&limit=0`)).body.error.code, 'bad_paging');
  assert.equal((await get(`/api/feedback?region=${REGION}&limit=201`)).body.error.code, 'bad_paging');
});

test('public statistics per community: counts by status and the median time to resolve', async () => {
  // Two more resolved items in REGION, one left open, one accepted in the other region.
  const resolvedIds = [];
  for (const text of ['楼道堆放杂物。', '健身器材松动。']) {
    const id = await accepted('alice', 'feedback', { category: 2, text });
    for (const s of [S.accepted, S.in_progress, S.resolved]) await accepted('fb-committee', 'feedback_answer', answer(id, s, '处理中'));
    resolvedIds.push(id);
  }
  const openId = await accepted('bob', 'feedback', { category: 6, text: '希望增加社区活动。' });
  await accepted('fb-committee', 'feedback_answer', answer(openId, S.accepted, '已列入计划'));

  const all = (await get(`/api/feedback?region=${REGION}&limit=200`)).body;
  const resolved = all.items.filter(i => i.status === 'resolved');
  assert.equal(resolved.length, 3);
  const durations = resolved.map(i => i.history.find(h => h.status === 'resolved').at_ms - i.created_ms).sort((a, b) => a - b);

  const stats = (await get(`/api/feedback/stats?region=${REGION}`)).body.communities;
  assert.equal(stats.length, 1);
  assert.equal(stats[0].region, REGION);
  assert.deepEqual(stats[0].counts, { received: 0, accepted: 1, in_progress: 0, resolved: 3, declined: 1 });
  assert.equal(stats[0].total, all.total);
  assert.equal(stats[0].total, 5);
  assert.equal(stats[0].median_resolve_ms, durations[1]);
  assert.equal(stats[0].rated, 2);
  assert.equal(stats[0].mean_rating, 3);

  const every = (await get('/api/feedback/stats')).body.communities;
  assert.deepEqual(every.map(c => c.region), [OTHER_REGION, REGION].sort((a, b) => a - b));
  const other = every.find(c => c.region === OTHER_REGION);
  assert.equal(other.total, 0, 'the other community has no feedback (carol was refused)');
  const empty = (await get('/api/feedback/stats?region=110101')).body.communities[0];
  assert.equal(empty.total, 0);
  assert.equal(empty.median_resolve_ms, null);
});

// [Operator import] -------------------------------------------------------------------------------

function generatedCsv(count, seed) {
  const gen = runServerCommand(['gen-orgs', '--count', String(count), '--seed', String(seed)]);
  assert.equal(gen.status, 0, gen.stderr);
  return gen.stdout.replace(/^\uFEFF/, '').trim().split('\r\n');
}
const importCsv = (body, auth, type = 'text/csv; charset=utf-8') =>
  fetch(server.url + '/api/operator/orgs/import', { method: 'POST', body,
    headers: { 'Content-Type': type, ...(auth ? { Authorization: auth } : {}) } })
    .then(async r => ({ status: r.status, body: await r.json() }));
const orgTotal = async () => (await get('/api/orgs?limit=1')).body.total;

test('the operator import endpoint needs the operator token', async () => {
  const lines = generatedCsv(3, 11);
  const before = await orgTotal();
  let r = await importCsv(lines.join('\r\n'), null);
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'operator_token_required');
  r = await importCsv(lines.join('\r\n'), 'Bearer yop_' + '0'.repeat(64));
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'bad_operator_token');
  r = await importCsv(lines.join('\r\n'), 'Basic ' + token);
  assert.equal(r.status, 401);
  r = await importCsv(lines.join('\r\n') + '\r\n' + ' '.repeat((1 << 20) + 1), 'Bearer ' + token);
  assert.equal(r.status, 413, 'over the 1 MiB request limit');
  assert.equal(r.body.error.code, 'payload_too_large');
  assert.equal(await orgTotal(), before, 'refused imports write nothing');
});

test('a GB18030 file imports with a row-level report; a re-import updates; a broken file writes nothing', async () => {
  const lines = generatedCsv(6, 12);
  const header = lines[0], rows = lines.slice(1);
  const bad = rows[1].split(',');
  const code = bad[1];
  bad[1] = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');     // a typo in the check character
  const text = [header, rows[0], bad.join(','), ...rows.slice(2)].join('\r\n') + '\r\n';
  const gb = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text) });
  assert.equal(gb.status, 0);
  assert.notDeepEqual(gb.stdout, Buffer.from(text), 'the file really is GB18030, not UTF-8');

  const before = await orgTotal();
  let r = await importCsv(gb.stdout, 'Bearer ' + token, 'text/csv');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.encoding, 'GB18030');
  assert.equal(r.body.rows, 6);
  assert.equal(r.body.imported, 5);
  assert.equal(r.body.inserted, 5);
  assert.equal(r.body.rejected.length, 1);
  assert.equal(r.body.rejected[0].line, 3);
  assert.match(r.body.rejected[0].reason, /check|校验/i);
  assert.equal(await orgTotal(), before + 5);
  const name = rows[0].split(',')[0];
  assert.ok((await get('/api/orgs?' + new URLSearchParams({ q: name }))).body.items.some(o => o.name === name),
            'the search index sees the new organisations at once');

  r = await importCsv(gb.stdout, 'Bearer ' + token, 'text/csv');
  assert.equal(r.status, 200);
  assert.equal(r.body.inserted, 0);
  assert.equal(r.body.updated, 5);
  assert.equal(await orgTotal(), before + 5);

  r = await importCsv('名称,类型,区\n某协会,社会团体,姑苏区\n', 'Bearer ' + token);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'import_missing_column');
  r = await importCsv(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]), 'Bearer ' + token);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'import_encoding');
  assert.equal(await orgTotal(), before + 5, 'file-level refusals write nothing');
});
