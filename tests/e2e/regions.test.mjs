// regions.test.mjs — the region tree and the time rules through the real server: regions imported and
// added with the CLI and read back from GET /api/regions; who may open, speak, vote and moderate where
// (a district committee acts in its communities, a community resident takes part in the district's
// consultations, a resident of another district does not); and the stage in effect at the server's
// clock (not started, stage over, closed, early advance). Every refusal leaves the ledger unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { signOne, publicKey, submit, checkDb } from './ledger_helpers.mjs';

const CITY = 320500, GUSU = 320508, WUZHONG = 320506, STREET = 320508901, COMMUNITY = 3205089011;
const FUTURE = 4102444800000;   // 2100-01-01: later than any run of this test
let server;
const codes = {};
const seq = {};
const next = key => (seq[key] = (seq[key] ?? 0) + 1);

before(async () => {
  // Scope and stage rules are tested here, not limits: one key signs faster than the 5/s per-key limit.
  server = await startServer(['--rate-per-key', '0'], (dbPath, dir) => {
    const csv = path.join(dir, 'regions.csv');
    writeFileSync(csv, '\uFEFFid,parent,level,code,name\n' +
      `${CITY},0,city,320500000000,苏州市\n${GUSU},${CITY},district,320508000000,姑苏区\n` +
      `${STREET},${GUSU},street,320508901000,青萍街道（示例）\n`);
    let r = runServerCommand(['import-regions', '--db', dbPath, csv]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /3 rows, 3 new/);
    r = runServerCommand(['add-region', '--db', dbPath, '--id', String(WUZHONG), '--parent', String(CITY),
                          '--level', 'district', '--code', '320506000000', '--name', '吴中区']);
    assert.equal(r.status, 0, r.stderr);
    r = runServerCommand(['add-region', '--db', dbPath, '--id', String(COMMUNITY), '--parent', String(STREET),
                          '--level', 'community', '--code', '320508901901', '--name', '青萍东社区（示例）']);
    assert.equal(r.status, 0, r.stderr);
    // A community whose code belongs to another district is refused with its reason.
    r = runServerCommand(['add-region', '--db', dbPath, '--id', '3205089012', '--parent', String(STREET),
                          '--level', 'community', '--code', '320506901902', '--name', '错码社区']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /region_code_mismatch/);

    const role = (cmd, name, region) => {
      const x = runServerCommand([cmd, '--db', dbPath, '--key', publicKey(name), '--region', String(region), '--name', name]);
      assert.equal(x.status, 0, x.stderr);
    };
    role('add-committee', 'gusu-committee', GUSU);
    role('add-committee', 'community-committee', COMMUNITY);
    role('add-committee', 'wuzhong-committee', WUZHONG);
    role('add-moderator', 'city-moderator', CITY);
    const issue = (name, region) => runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey(name),
                                                      '--region', String(region), '--count', '1']);
    r = issue('gusu-committee', COMMUNITY);   // a district committee issues codes for its communities
    assert.equal(r.status, 0, r.stderr);
    codes.community = r.stdout.trim();
    r = issue('wuzhong-committee', WUZHONG);
    assert.equal(r.status, 0, r.stderr);
    codes.wuzhong = r.stdout.trim();
    r = issue('community-committee', GUSU);   // but a community committee not for its district
    assert.equal(r.status, 1);
  });
});
after(async () => { await server?.stop(); });

const counts = () => { const c = checkDb(server.dbPath); return { envelopes: c.envelopes, leaves: c.leaves }; };

async function refused(spec, status, code) {
  const before = counts();
  const r = await submit(server.url, signOne({ ...spec, sequence: next(spec.key) }).wire);
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  assert.deepEqual(counts(), before, 'a refusal changes nothing');
}

async function accepted(spec) {
  const signed = signOne({ ...spec, sequence: next(spec.key) });
  const r = await submit(server.url, signed.wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return signed;
}

const open = (key, region, consultation, schedule) => ({
  key, kind: 'consultation_open', region, consultation,
  payload: { title: '口袋公园选址', method: 1, options: [[1, '东门空地'], [2, '河边绿地']], schedule } });
const comment = (key, region, consultation, text = '赞成') => ({ key, kind: 'comment', region, consultation, payload: { text } });

test('GET /api/regions lists the tree with levels, codes and names', async () => {
  const r = await fetch(server.url + '/api/regions');
  assert.equal(r.status, 200);
  const { regions } = await r.json();
  assert.deepEqual(regions.map(x => x.id), [CITY, WUZHONG, GUSU, STREET, COMMUNITY]);
  assert.deepEqual(regions.find(x => x.id === GUSU), { id: GUSU, parent: CITY, level: 'district', code: '320508000000', name: '姑苏区' });
  assert.equal(regions.find(x => x.id === COMMUNITY).level, 'community');
});

test('residents enrol where their code says; committees open consultations at their node and below', async () => {
  await accepted({ key: 'res-community', kind: 'enroll', region: COMMUNITY, payload: { code: codes.community, display_name: '张喆' } });
  await accepted({ key: 'res-wuzhong', kind: 'enroll', region: WUZHONG, payload: { code: codes.wuzhong, display_name: '李玥' } });
  await accepted(open('gusu-committee', GUSU, 21, [[2, 0]]));
  await refused(open('community-committee', GUSU, 22, [[2, 0]]), 403, 'wrong_region');   // not above its node
  await accepted(open('gusu-committee', COMMUNITY, 23, [[2, 0]]));                          // below its node
});

test('a community resident takes part in the district consultation; a resident of another district does not', async () => {
  const c = await accepted(comment('res-community', GUSU, 21));
  await refused(comment('res-wuzhong', GUSU, 21), 403, 'wrong_region');
  await accepted(comment('res-community', COMMUNITY, 23));
  // The city's moderator moderates below the city.
  await accepted({ key: 'city-moderator', kind: 'moderate', region: GUSU, consultation: 21,
                   payload: { target: c.id, action: 1, reason: '测试' } });
  // Listing by region shows what its residents may take part in: its own and the district's, not another's.
  const list = async region => (await (await fetch(`${server.url}/api/consultations?region=${region}`)).json()).items.map(i => i.id);
  assert.deepEqual((await list(COMMUNITY)).sort(), [21, 23]);
  assert.deepEqual(await list(GUSU), [21]);
  assert.deepEqual(await list(WUZHONG), []);
});

test('the stage in effect at the server clock decides: not started, stage over, closed, early advance', async () => {
  // 24: the vote ran in January 1970 and evaluation has started since.
  await accepted(open('gusu-committee', COMMUNITY, 24, [[3, 1000], [4, 2000]]));
  await refused({ key: 'res-community', kind: 'ballot_key_bind', region: COMMUNITY, consultation: 24,
                  payload: { blinding: 'ab'.repeat(32) } }, 403, 'stage_over');
  await accepted({ key: 'res-community', kind: 'rate', region: COMMUNITY, consultation: 24, payload: { score: 4, remark: '不错' } });
  // 25: scheduled to close in 1970: nothing but moderation is accepted.
  await accepted(open('gusu-committee', COMMUNITY, 25, [[3, 1000], [5, 2000]]));
  await refused(comment('res-community', COMMUNITY, 25), 403, 'consultation_closed');
  await refused({ key: 'gusu-committee', kind: 'consultation_advance', region: COMMUNITY, consultation: 25,
                  payload: { stage: 4 } }, 403, 'consultation_closed');
  // 26: needs collection starts in 2100; the committee may start it early, never go back.
  await accepted(open('gusu-committee', COMMUNITY, 26, [[1, FUTURE]]));
  await refused(comment('res-community', COMMUNITY, 26), 403, 'not_started');
  await accepted({ key: 'gusu-committee', kind: 'consultation_advance', region: COMMUNITY, consultation: 26, payload: { stage: 3 } });
  await refused({ key: 'gusu-committee', kind: 'consultation_advance', region: COMMUNITY, consultation: 26,
                  payload: { stage: 2 } }, 403, 'wrong_stage');
  await accepted({ key: 'res-community', kind: 'ballot_key_bind', region: COMMUNITY, consultation: 26,
                   payload: { blinding: 'cd'.repeat(32) } });
  await accepted({ key: 'res-community', kind: 'vote', region: COMMUNITY, consultation: 26, payload: { method: 1, entries: [[2, 1]] } });
  // A close states the count, which is public once the vote has ended: advance, read it, close with it.
  await accepted({ key: 'gusu-committee', kind: 'consultation_advance', region: COMMUNITY, consultation: 26, payload: { stage: 4 } });
  await refused({ key: 'gusu-committee', kind: 'consultation_close', region: COMMUNITY, consultation: 26,
                  payload: { tally_hash: '00'.repeat(32), summary: '河边绿地' } }, 409, 'tally_mismatch');
  const { results } = await (await fetch(`${server.url}/api/consultations/26`)).json();
  assert.equal(results.ballots, 1);
  await accepted({ key: 'gusu-committee', kind: 'consultation_close', region: COMMUNITY, consultation: 26,
                   payload: { tally_hash: results.tally_hash, summary: '河边绿地' } });
  // After the close, a later ballot of the same voter is refused (the ballot key's own sequence goes on).
  await refused({ key: 'res-community', kind: 'vote', region: COMMUNITY, consultation: 26, payload: { method: 1, entries: [[1, 1]] } },
                403, 'consultation_closed');
});

test('the ledger still checks out', async () => {
  const c = checkDb(server.dbPath);
  assert.ok(c.ok, c.text);
});
