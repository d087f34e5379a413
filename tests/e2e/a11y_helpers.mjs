// a11y_helpers.mjs — what the keyboard and screen-reader tests share: Chromium's accessibility tree
// over CDP (Accessibility.getFullAXTree), moving the focus with Tab as a keyboard user does, typing into
// the mirror's text fields, and axe-core's WCAG 2 A/AA check of the current screen.
import assert from 'node:assert/strict';
import AxeBuilderModule from '@axe-core/playwright';
import { screenshot } from './harness.mjs';

const AxeBuilder = AxeBuilderModule.default || AxeBuilderModule;

// Every node of Chromium's accessibility tree as { role, name, focused, checked }.
export async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const prop = (n, k) => (n.properties || []).find(p => p.name === k)?.value?.value;
  return nodes.filter(n => !n.ignored).map(n => ({ role: n.role?.value, name: n.name?.value, focused: prop(n, 'focused'),
                                                   checked: prop(n, 'checked') }));
}

// Asserts the accessibility tree exposes a node with this role and a name equal to `name` (a string)
// or matching it (a RegExp); returns it.
export async function exposed(page, role, name) {
  const nodes = await axTree(page);
  const n = nodes.find(x => x.role === role && (name instanceof RegExp ? name.test(x.name || '') : x.name === name));
  assert.ok(n, `no ${role} named ${name} in the accessibility tree; have: ` +
               JSON.stringify(nodes.filter(x => x.name).map(x => `${x.role}:${x.name}`).slice(0, 80)));
  return n;
}

// The accessible name of the focused element (its label or text).
export const focusedName = page => page.evaluate(() => {
  const el = document.activeElement;
  return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
});

// Presses Tab (or Shift+Tab) until the element named `name` (a string, or a RegExp it matches) has
// focus; the mirror scrolls the page when Tab passes its last element. Returns how many presses it took.
export async function tabTo(page, name, { back = false, max = 60 } = {}) {
  const path = [];
  const matches = s => (name instanceof RegExp ? name.test(s) : s === name);
  for (let k = 1; k <= max; ++k) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    await page.waitForTimeout(40);
    const now = await focusedName(page);
    if (matches(now)) return k;
    path.push(now || await page.evaluate(() => document.activeElement?.tagName));
  }
  await screenshot(page, 'a11y-tab-failed.png');
  throw new Error(`Tab never reached ${name}; focus went ${path.join(' → ')}`);
}

// Tabs to the text field named `name` and waits until that very field of the app takes the typing.
export async function tabToField(page, name, opts) {
  await tabTo(page, name, opts);
  await exposed(page, 'textbox', name);
  await page.waitForFunction(n => window.yishi.wantText === true &&
                                  window.yishi.textField === window.yishi.items.find(it => it.label === n && !it.text)?.id, name);
}

// Waits until the app draws an item whose label matches `re`.
export const waitLabel = (page, re, timeout = 15000) =>
  page.waitForFunction(s => window.yishi.items.some(it => new RegExp(s).test(it.label)), re.source, { timeout });

// Waits until the live region (#a11y-live) has announced text matching `re`.
export const announced = (page, re, timeout = 15000) =>
  page.waitForFunction(s => new RegExp(s).test(document.getElementById('a11y-live').textContent), re.source, { timeout });

export async function noAxeViolations(page, screen) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const found = result.violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe found WCAG 2 A/AA violations on ${screen}`);
}
