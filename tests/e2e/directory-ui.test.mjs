// directory-ui.test.mjs — a resident looks up a social organisation in the browser app: types a
// Chinese query through IME composition (as pinyin input does), filters, opens a record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertLayout, startServer, launchBrowser, openPage, waitForFrames, waitForItem, clickItem, screenshot, reveal } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(['--demo']);  // 21,000 fictional organisations
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A page on the directory screen, all 21,000 listed; with the search field focused if asked.
async function openDirectory({ viewport, scale, focusSearch = false } = {}) {
  const page = await openPage(browser, server.url + '/', viewport, scale);
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '共 21000 个组织');
  if (focusSearch) {
    await clickItem(page, '搜索');
    await page.waitForFunction(() => window.yishi.wantText === true);
  }
  return page;
}

const totalLabel = page => page.evaluate(() =>
  (window.yishi.items.find(it => it.text && /^共 \d+ 个组织$/.test(it.label)) || {}).label);
const resultRows = page => page.evaluate(() =>
  window.yishi.items.filter(it => !it.text && it.y > 0 && /[\u4e00-\u9fff]/.test(it.label) &&
                                   !['首页', '社会组织', '反馈', '反馈处理', '我的', 'English', '大字', '标准字', '加载更多', '搜索', '地区', '类型',
                                     '在本机保存名录（约 1.3 MB，离线也能搜索）'].includes(it.label)).map(it => it.label));

test('searching by IME-composed Chinese narrows the directory, and a record opens', async () => {
  // Focusing the search field makes the app ask the page to focus its text agent.
  const page = await openDirectory({ focusSearch: true });
  await waitForItem(page, '社会组织名录');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text-agent');

  // Pinyin composition: pre-edit text must not reach the field until it is committed.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'le', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'leling', selectionStart: 6, selectionEnd: 6 });
  await page.waitForTimeout(300);
  assert.equal(await totalLabel(page), '共 21000 个组织', 'no search while composing');
  await screenshot(page, 'directory-composing.png');
  await cdp.send('Input.insertText', { text: '乐龄' });

  await page.waitForFunction(() => window.yishi.items.some(it => /^共 \d+ 个组织$/.test(it.label) && it.label !== '共 21000 个组织'));
  const total = Number((await totalLabel(page)).match(/\d+/)[0]);
  assert.ok(total > 0 && total < 21000, `a narrower result (${total})`);
  const api = await (await fetch(server.url + '/api/orgs?q=' + encodeURIComponent('乐龄'))).json();
  assert.equal(total, api.total, 'the app shows what the server found');
  const rows = await resultRows(page);
  assert.ok(rows.length > 0);
  for (const name of rows) assert.ok(name.includes('乐龄'), name);
  await screenshot(page, 'directory-search.png');

  // Open the first organisation.
  await clickItem(page, rows[0]);
  await waitForItem(page, '← 返回列表');
  await waitForItem(page, '统一社会信用代码');
  await screenshot(page, 'directory-record.png');
  await assertLayout(page, 'directory-record');
  await clickItem(page, '← 返回列表');
  await waitForItem(page, `共 ${total} 个组织`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('typing Latin letters and deleting with Backspace edits the query', async () => {
  const page = await openDirectory({ focusSearch: true });
  await page.keyboard.type('51320508MJ');  // a credit-code prefix: 姑苏区 social groups
  await page.waitForFunction(() => window.yishi.items.some(it => /^共 \d+ 个组织$/.test(it.label) && it.label !== '共 21000 个组织'));
  const api = await (await fetch(server.url + '/api/orgs?q=51320508MJ')).json();
  await waitForItem(page, `共 ${api.total} 个组织`);
  for (let i = 0; i < 10; ++i) await page.keyboard.press('Backspace');
  await waitForItem(page, '共 21000 个组织');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the directory is usable on a phone-size screen', async () => {
  const page = await openDirectory({ viewport: { width: 390, height: 844 }, scale: 3 });
  const search = await waitForItem(page, '搜索');
  assert.ok(search.x >= 0 && search.x + search.w <= 390, 'the search field fits the screen');
  const district = await waitForItem(page, '地区');
  const type = await waitForItem(page, '类型');
  assert.ok(type.y > district.y, 'filters stack on a phone');
  await screenshot(page, 'directory-phone.png');
  await assertLayout(page, 'directory-phone');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('pasting Chinese text into the search field searches for it', async () => {
  const page = await openDirectory({ focusSearch: true });
  // What a paste from the context menu or Ctrl+V delivers: a paste event on the focused text agent.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '书画');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  });
  const api = await (await fetch(server.url + '/api/orgs?limit=100&q=' + encodeURIComponent('书画'))).json();
  await waitForItem(page, `共 ${api.total} 个组织`);
  // As the server ranks them: organisations named …书画… first, then those whose service category is
  // 书画 (the demo register has many of those: choirs and dance troupes under 文化/书画).
  const rows = await resultRows(page);
  assert.ok(rows.length > 0);
  assert.deepEqual(rows, api.items.slice(0, rows.length).map(o => o.name), 'the app lists what the server found, in its order');
  const fields = api.items.slice(0, rows.length).map(o => o.match?.field);
  for (const [k, name] of rows.entries())
    assert.ok(name.includes('书画') ? fields[k] === 'name' : fields[k] === 'category', `${name}: ${fields[k]}`);
  const firstOther = fields.indexOf('category');
  if (firstOther >= 0) assert.ok(fields.slice(firstOther).every(f => f === 'category'), 'name matches rank above category matches');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the directory switches to English with the rest of the app', async () => {
  const page = await openDirectory();
  await clickItem(page, 'English');
  await waitForItem(page, '21000 organizations');
  await waitForItem(page, 'Directory of social organizations');
  await waitForItem(page, 'Organizations');
  await assertLayout(page, 'directory-desktop-en');
  await page.context().close();
});

test('the directory is copied to the device, searched offline, and kept across reloads', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const changes = [];
  context.on('request', r => { if (r.url().includes('/api/orgs/changes')) changes.push(new URL(r.url()).searchParams.get('since')); });
  let page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '本机已存 21000 个组织，离线也能搜索', 60000);
  await page.waitForFunction(() => window.yishi.persistCount > 0);
  assert.equal(changes[0], '0', 'the first visit syncs from the beginning');
  assert.ok(changes.length >= 11, 'in pages (2,000 records each)');

  const expected = (await (await fetch(server.url + '/api/orgs?q=' + encodeURIComponent('夕阳红'))).json()).total;
  await context.setOffline(true);
  await clickItem(page, '搜索');
  await page.waitForFunction(() => window.yishi.wantText === true);
  await page.keyboard.insertText('夕阳红');
  await waitForItem(page, `共 ${expected} 个组织`);
  for (const name of await resultRows(page)) assert.ok(name.includes('夕阳红'), name);
  await page.close();

  // Back online, a new visit finds its copy in IndexedDB and asks only for what changed since.
  await context.setOffline(false);
  changes.length = 0;
  page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '本机已存 21000 个组织，离线也能搜索');
  assert.ok(changes.length >= 1 && Number(changes[0]) > 0, `delta sync from the stored sequence (since=${changes[0]})`);
  await context.close();
});

// The setting in the directory (issue 19): a resident on a small data plan turns the offline copy off.
test('turning the offline copy off deletes it, searches ask the server, and the choice outlives a reload', async () => {
  const keep = '在本机保存名录（约 1.3 MB，离线也能搜索）';
  const checked = page => page.evaluate(l => (window.yishi.items.find(it => it.label === l) || {}).checked === true, keep);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const changes = [];
  context.on('request', r => { if (r.url().includes('/api/orgs/changes')) changes.push(r.url()); });
  let page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '本机已存 21000 个组织，离线也能搜索', 60000);
  assert.equal(await checked(page), true, 'on by default');
  await clickItem(page, keep);
  await page.waitForFunction(() => !window.yishi.items.some(it => /^本机已存/.test(it.label)));
  await waitForItem(page, '共 21000 个组织');
  assert.equal(await checked(page), false);
  // The choice is on the device once the app's last save has finished (it may have finished already).
  await page.waitForFunction(() => window.yishi.persistCount > 0 && !window.yishi.saving);
  await page.close();

  // A new visit: no copy, none downloaded, searches answered by the server, the box still clear.
  changes.length = 0;
  page = await context.newPage();
  await page.goto(server.url + '/');
  await waitForFrames(page, 1);
  await clickItem(page, '社会组织');
  await waitForItem(page, '共 21000 个组织');
  await waitForItem(page, keep);
  assert.equal(await checked(page), false, 'the setting is kept on this device');
  const searches = [];
  page.on('request', r => { if (r.url().includes('/api/orgs?')) searches.push(r.url()); });
  await clickItem(page, '搜索');
  await page.waitForFunction(() => window.yishi.wantText === true);
  await page.keyboard.insertText('夕阳红');
  const expected = (await (await fetch(server.url + '/api/orgs?q=' + encodeURIComponent('夕阳红'))).json()).total;
  await waitForItem(page, `共 ${expected} 个组织`);
  assert.ok(searches.length >= 1, 'the search went to the server');
  await page.waitForTimeout(1000);
  assert.deepEqual(changes, [], 'no offline copy is downloaded');
  assert.equal(await page.evaluate(() => window.yishi.items.some(it => /^本机已存|^正在把名录存到本机/.test(it.label))), false);

  // Turned on again, the copy is built in the background.
  await clickItem(page, keep);
  await waitForItem(page, '本机已存 21000 个组织，离线也能搜索', 60000);
  assert.ok(changes.length >= 1);
  await context.close();
});

// The demo's consultations name demo organisations (三社联动): 三号楼加装电梯方案协商 names one of 姑苏区.
test('an organisation lists the consultations naming it, and one opens on click', async () => {
  const list = await (await fetch(server.url + '/api/consultations')).json();
  const lift = list.items.find(c => c.title === '三号楼加装电梯方案协商');
  const detail = await (await fetch(server.url + `/api/consultations/${lift.id}`)).json();
  const org = detail.organizations[0];
  const linked = await (await fetch(server.url + `/api/orgs/${org.id}/consultations`)).json();
  assert.ok(linked.items.some(c => c.id === lift.id), 'the server links them');

  const page = await openDirectory({ focusSearch: true });
  await page.keyboard.insertText(org.name);
  await waitForItem(page, `共 ${(await (await fetch(server.url + '/api/orgs?q=' + encodeURIComponent(org.name))).json()).total} 个组织`);
  await clickItem(page, org.name);
  await waitForItem(page, '参与的协商');
  for (const c of linked.items) await reveal(page, c.title);   // (taller rows: some are below the fold)
  await screenshot(page, 'directory-org-consultations.png');
  await assertLayout(page, 'directory-org-consultations');
  await clickItem(page, lift.title);
  // The consultation's page: its comments (the demo's 8, below its ballot) are read from the server.
  await waitForItem(page, '← 返回');
  await reveal(page, `${lift.comments} 条意见`);
  assert.ok(lift.comments > 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the home list shows each consultation\'s comments and needs', async () => {
  const list = await (await fetch(server.url + '/api/consultations')).json();
  const lift = list.items.find(c => c.title === '三号楼加装电梯方案协商');
  const park = list.items.find(c => c.title === '菊苑社区口袋公园需求征集');
  assert.ok(lift.comments > 0 && park.proposals > 0, 'the demo has comments and needs');
  const page = await openPage(browser, server.url + '/');
  await waitForFrames(page, 1);
  await reveal(page, lift.title);
  const metaOf = title => page.evaluate(t => {
    const items = window.yishi.items, i = items.findIndex(it => it.label === t);
    return items.slice(i + 1).find(it => /条意见/.test(it.label))?.label;
  }, title);
  assert.equal(await metaOf(lift.title), `${lift.comments} 条意见`);
  await reveal(page, park.title);
  assert.equal(await metaOf(park.title), `${park.comments} 条意见 · ${park.proposals} 条需求`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
