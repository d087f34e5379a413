// directory.test.mjs — the organisation directory through the real CLI and server: import a
// generated city-size directory, search it by 1-, 2- and 4-character Chinese queries and by credit
// code, and check that bad requests get clear errors and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';

let server, csvRows;
before(async () => {
  server = await startServer([], (dbPath, dir) => {
    const gen = runServerCommand(['gen-orgs', '--count', '21000', '--seed', '7']);
    assert.equal(gen.status, 0, gen.stderr);
    csvRows = gen.stdout.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map(l => l.split(','));
    const csv = path.join(dir, 'orgs.csv');
    writeFileSync(csv, gen.stdout);
    const imp = runServerCommand(['import-orgs', '--db', dbPath, csv]);
    assert.equal(imp.status, 0, imp.stderr);
    assert.match(imp.stdout, /21000 imported \(21000 new, 0 updated\), 0 rejected/);
  });
});
after(async () => { await server?.stop(); });

async function search(params) {
  const r = await fetch(server.url + '/api/orgs?' + new URLSearchParams(params));
  return { status: r.status, body: await r.json() };
}

// How many generated names contain q (the CSV's first column), for comparison.
const expectedCount = q => csvRows.filter(f => f[0].includes(q)).length;

// Every hit of a query, all pages.
async function allHits(q) {
  const out = [];
  for (let offset = 0; ; offset += 100) {
    const { status, body } = await search({ q, limit: 100, offset });
    assert.equal(status, 200);
    out.push(...body.items);
    if (body.items.length === 0 || out.length >= body.total) return out;
  }
}

for (const q of ['喆', '乐龄', '护理', '阳光助残', '桂苑社区']) {
  test(`searching "${q}" (${[...q].length} characters) finds exactly the names that contain it, first`, async () => {
    const hits = await allHits(q);
    const byName = hits.filter(it => it.match.field === 'name');
    assert.equal(byName.length, expectedCount(q));
    assert.ok(byName.length > 0, 'the query has matches in the generated directory');
    for (const it of byName) {
      assert.ok(it.name.includes(q), it.name);
      assert.equal([...it.name].slice(it.match.start, it.match.start + it.match.length).join(''), q);
    }
    // Names first; what matched elsewhere (category, community, district, description) after them.
    assert.ok(hits.slice(0, byName.length).every(it => it.match.field === 'name'));
  });
}

test('a service finds organisations by category after those that name it: 养老, 助老, yanglao', async () => {
  const elder = await allHits('养老');
  const firstCategory = elder.findIndex(it => it.match.field === 'category');
  assert.ok(firstCategory > 0, 'names with 养老 come first');
  assert.ok(elder.slice(firstCategory).some(it => !it.name.includes('养老')), 'the category finds other names too');
  for (const it of elder.filter(it => it.match.field === 'category')) assert.ok(it.categories.includes('养老'), it.name);
  const help = await allHits('助老');
  assert.ok(help.filter(it => it.match.field === 'category').length >= firstCategory, '助老 is a word for 养老');
  const pinyin = await search({ q: 'yanglao', limit: 20 });
  const chars = await search({ q: '养老', limit: 20 });
  assert.deepEqual(pinyin.body.items.map(it => it.id), chars.body.items.map(it => it.id));
  assert.ok(pinyin.body.items.every(it => it.match.pinyin));
});

test('a credit code finds its organisation first, with its details', async () => {
  const row = csvRows.find(f => f[1]);
  const { body } = await search({ q: row[1].toLowerCase() });
  assert.ok(body.total >= 1);
  assert.equal(body.items[0].credit_code, row[1]);
  assert.equal(body.items[0].name, row[0]);
  const one = await (await fetch(server.url + '/api/orgs/' + body.items[0].id)).json();
  assert.equal(one.name, row[0]);
  assert.ok(Array.isArray(one.categories));
});

test('filters narrow by district, type, category and status', async () => {
  const { body } = await search({ district: '姑苏区', type: 'community', category: '养老', status: 'active', limit: 100 });
  assert.ok(body.total > 0);
  for (const it of body.items) {
    assert.equal(it.district, '姑苏区');
    assert.equal(it.type, 'community');
    assert.ok(it.categories.includes('养老'));
    assert.equal(it.status, 'active');
  }
});

test('bad parameters are refused with a specific code, and the directory is unchanged', async () => {
  const before = (await search({})).body.total;
  for (const [params, code] of [[{ type: 'company' }, 'bad_type'], [{ status: 'alive' }, 'bad_status'],
                                [{ limit: '-1' }, 'bad_paging'], [{ limit: '1000' }, 'bad_paging'],
                                [{ q: '苏'.repeat(100) }, 'query_too_long']]) {
    const { status, body } = await search(params);
    assert.equal(status, 400);
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
  }
  const r = await fetch(server.url + '/api/orgs/424242');
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'org_not_found');
  assert.equal((await search({})).body.total, before);
  assert.equal(before, 21000);
});

test('a CSV with a missing column is refused as a whole, naming the column', () => {
  const bad = path.join(path.dirname(server.dbPath), 'bad.csv');
  writeFileSync(bad, '名称,类型,区\n某协会,社会团体,姑苏区\n');
  const r = runServerCommand(['import-orgs', '--db', server.dbPath, bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /状态 \(status\)/);
});
