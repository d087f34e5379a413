// directory-search.test.mjs — the server's /api/orgs and the browser's offline copy answer a query the
// same way (issue 24): same total, same first page in the same order, same reason for each hit.
//
// The browser app syncs the 21,000 demo organisations into its wasm SQLite file as a resident's does
// (/api/orgs/changes pages), builds the shared/ DirectoryIndex from that file, and the exported hook
// yishi_search_local (client/platform/platform_web.cpp) runs a search there. 200 queries: pieces of
// real names (1-4 characters), service words, places, description words, pinyin and initials, mixed
// input and credit-code prefixes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForFrames, clickItem } from './harness.mjs';

const kQueries = 200;
const kLimit = 20;

let server, browser;
before(async () => {
  server = await startServer(['--demo']);  // 21,000 fictional organisations
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = async (path) => {
  const r = await fetch(server.url + path);
  assert.equal(r.status, 200, path);
  return r.json();
};

// The query set: fixed words a resident types, then pieces cut from names across the directory.
async function queries() {
  const fixed = ['养老', '老', '助老', '敬老', '老年', '为老', '长者', '托育', '舞蹈', '志愿', '居家养老服务',
                 'yanglao', 'yl', 'ylfw', '养lao', 'yangl', 'gusu', '姑苏', '昆山', '桂苑', 'guiyuan', 'jjyl',
                 'zhiyuan', 'wudao', 'hh', 'sq', 'shehuigongzuo', '社会工作', '助餐', '义诊', '垃圾分类', 'xyz',
                 '不存在的组织名', 'Q', '51320'];
  const out = [...fixed];
  const names = [];
  for (let offset = 0; names.length < 400; offset += 1000) {
    const page = await api(`/api/orgs?limit=100&offset=${offset}`);
    for (const it of page.items) names.push(it.name, it.credit_code);
  }
  for (let i = 0; out.length < kQueries; i += 7) {
    const text = names[i % names.length];
    if (!text) continue;
    const chars = [...text];
    const len = 1 + (i % 4);
    if (chars.length < len) continue;
    const start = (i * 13) % (chars.length - len + 1);
    out.push(chars.slice(start, start + len).join(''));
  }
  return out;
}

test('/api/orgs and the in-browser copy return the same results for 200 queries', async () => {
  const qs = await queries();
  assert.equal(qs.length, kQueries);
  const page = await openPage(browser, server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await page.waitForFunction(() => Module.ccall('yishi_search_local', 'string', ['string', 'number'], ['', 1]) !== 'null',
                             null, { timeout: 180000, polling: 250 });
  const local = await page.evaluate(([qs, limit]) =>
    qs.map(q => JSON.parse(Module.ccall('yishi_search_local', 'string', ['string', 'number'], [q, limit]))), [qs, kLimit]);
  let nonEmpty = 0;
  for (let k = 0; k < qs.length; ++k) {
    const server = await api('/api/orgs?' + new URLSearchParams({ q: qs[k], limit: String(kLimit) }));
    const fromServer = {
      total: server.total,
      items: server.items.map(it => ({ id: it.id, field: it.match?.field ?? 'none', start: it.match?.start ?? 0,
                                       length: it.match?.length ?? 0, pinyin: it.match?.pinyin ?? false })),
    };
    assert.deepEqual(local[k], fromServer, `query ${JSON.stringify(qs[k])}`);
    if (fromServer.total > 0) ++nonEmpty;
  }
  // The comparison means something only if most queries find organisations.
  assert.ok(nonEmpty >= kQueries * 0.9, `${nonEmpty} of ${kQueries} queries found something`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
