// yishi-a11y.js — the accessibility mirror: what the canvas draws, as real elements for screen readers
// and the keyboard. No business rules live here.
//
// Every frame whose widgets changed, the app publishes them (client/platform/item_hooks.hpp: id, label,
// rectangle in CSS px, role, states, value) and yishi-glue.js hands them to update(). Each becomes an
// element of #a11y-mirror laid exactly over its drawing — headings, paragraphs, buttons, links,
// checkboxes, radios, sliders, text fields, combo boxes and their options — kept in the accessibility
// tree but transparent (opacity 0) and out of the mouse's way (pointer-events: none). Elements are
// kept by key and only changed attributes are written, so an unchanged frame costs nothing here.
//
// - Activation: a click on a mirror element (Enter/Space, or a screen reader's default action) presses
//   its widget by id wherever it is drawn next (yishi_a11y_activate); a text field is pressed at its end,
//   a slider at its value's place, where they are drawn (yishi_a11y_hover, then yishi_a11y_click).
// - Keyboard: the browser's own Tab order over the mirror; the focused widget gets a ring drawn on the
//   canvas (yishi_a11y_focus); Tab past the last element scrolls the page and goes on with what appears;
//   arrows move in radio groups and option lists and change sliders; Escape closes an open list or
//   cancels a dialog; after a screen change focus moves to the new screen's heading.
// - Dialogs: while a modal dialog is open the app publishes only its items; the mirror becomes a modal
//   dialog named by its title, which takes the focus; on closing, focus returns to the control that
//   opened it.
// - Text fields: the mirror's <input>/<textarea> is the real field for assistive technology; typing and
//   IME composition go to the app the way the text agent's do (yishiGlue.listenForText), and the
//   element's value follows the app's.
// - Announcements: outcomes (status) and refusals (alert) that appear are spoken by an aria-live
//   region; an alert drawn after a field marks that field invalid and describes it.
'use strict';

(function () {
  const mirror = document.getElementById('a11y-mirror');
  const live = document.getElementById('a11y-live');
  const els = new Map();          // key → element
  let shownView = null;           // the screen (app.cpp view_key) of the last update
  let announced = new Set();      // status/alert labels on screen at the last update
  let dialog = null;               // { opener }: a modal dialog is open; the key of the control that opened it
  let openerKey = null;            // the key of the focused control
  let afterScroll = null;         // { down, known }: Tab scrolled the page, focus what appears
  let started = false;
  let enabled = true;             // setEnabled(false): no mirror (bench/bench_web.mjs measures its cost)

  const call = (name, ...args) => { if (window.Module && Module.calledRun && Module[name]) return Module[name](...args); return 0; };
  // A directory phone number inside a line of text: a mobile (1xx xxxx xxxx) or a landline with its
  // area code (010-12345678, 0755-1234567), optionally +86.
  const phone = /((?:\+86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}))/;

  function tagFor(role) {
    switch (role) {
      case 'heading': return ['h1'];
      case 'section': case 'dialog': return ['h2'];
      case 'button': case 'disclosure': return ['button'];
      case 'combobox': return ['button'];
      case 'link': return ['a'];
      case 'checkbox': return ['input', 'checkbox'];
      case 'radio': case 'option': return ['input', 'radio'];   // a combo box's options: pick one
      case 'textbox': return ['input', 'text'];
      case 'multiline': return ['textarea'];
      case 'slider': return ['div'];
      default: return ['p'];
    }
  }

  function create(it) {
    const [tag, type] = tagFor(it.role);
    const el = document.createElement(tag);
    if (type) el.type = type;
    el.dataset.role = it.role;
    if (it.role === 'heading' || it.role === 'section' || it.role === 'dialog') el.tabIndex = -1;  // focus target after navigation
    if (it.role === 'link') el.href = '#';
    if (it.role === 'button' || it.role === 'combobox' || it.role === 'disclosure') el.type = 'button';
    if (it.role === 'combobox') el.setAttribute('aria-haspopup', 'listbox');
    if (it.role === 'slider') { el.setAttribute('role', 'slider'); el.tabIndex = 0; }
    if (it.role === 'textbox' || it.role === 'multiline') {
      el.dataset.a11yField = '1';
      el.spellcheck = false;
      el.setAttribute('autocomplete', 'off');
      if (window.yishiGlue) yishiGlue.listenForText(el, false);
    }
    if (it.id) el.addEventListener('click', activate);
    return el;
  }

  // Writes what changed since the element's last item.
  function apply(el, it, old) {
    if (!old || old.x !== it.x || old.y !== it.y || old.w !== it.w || old.h !== it.h) {
      const s = el.style;
      s.left = it.x + 'px'; s.top = it.y + 'px'; s.width = it.w + 'px'; s.height = it.h + 'px';
      s.fontSize = Math.max(8, Math.min(it.h * 0.7, 40)) + 'px';
    }
    if (!old || old.label !== it.label || old.name !== it.name) {
      const name = it.name || it.label;   // the app's accessible name, where the drawn label says too little
      if (el.tagName === 'P' && phone.test(name)) {          // tel: links for phone numbers
        el.textContent = '';
        for (const part of name.split(phone)) {
          if (!part) continue;
          if (phone.test(part)) {
            const a = document.createElement('a');
            a.href = 'tel:' + part.replace(/[^\d+]/g, '');
            a.textContent = part;
            el.appendChild(a);
          } else el.appendChild(document.createTextNode(part));
        }
      } else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'DIV') {
        el.setAttribute('aria-label', name);
      } else el.textContent = it.role === 'combobox' && it.value ? name + '：' + it.value : name;
    }
    if (!old || !!old.disabled !== !!it.disabled) {
      // aria-disabled, not disabled: a control that becomes disabled while focused (a pending 提交)
      // keeps the focus, where the disabled attribute would drop it to the page.
      if (it.disabled) el.setAttribute('aria-disabled', 'true'); else el.removeAttribute('aria-disabled');
    }
    if (!old || !!old.checked !== !!it.checked) {
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = !!it.checked;
      else if (it.role === 'disclosure') el.setAttribute('aria-expanded', String(!!it.checked));
    }
    if (it.value !== undefined && (!old || old.value !== it.value)) {
      if (it.role === 'slider') {
        const [v, max] = it.value.split('/').map(Number);
        if (el.sliderTarget === v) delete el.sliderTarget;   // the app has drawn what was asked
        el.setAttribute('aria-valuemin', '0');
        el.setAttribute('aria-valuemax', String(max || 0));
        el.setAttribute('aria-valuenow', String(v || 0));
      } else if (it.role === 'combobox') {
        el.textContent = it.label + '：' + it.value;
      } else if (!el.composing && el.value !== it.value) el.value = it.value;
    }
    el.item = it;
  }

  function center(it) { return [it.x + it.w / 2, it.y + it.h / 2]; }

  // Presses the element's widget at point(item) (text fields, where the press places the caret): the
  // pointer first rests there while the app draws a frame, then presses where the widget is drawn by then
  // (a layout still settling after a screen change had moved the field: the press took the next one).
  // A field's press is dropped if the focus has moved on meanwhile (fast Tabs): it would start editing a
  // field the user has left, and the app would pull the focus back to its text agent.
  function pressAt(el, point, { whileFocused = false } = {}) {
    call('_yishi_a11y_hover', ...point(el.item));
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (!el.isConnected || !el.item || el.item.disabled) return;
      if (whileFocused && document.activeElement !== el) return;
      call('_yishi_a11y_click', ...point(el.item));
    }));
  }

  const byId = new Set(['button', 'link', 'checkbox', 'radio', 'option', 'combobox', 'disclosure']);

  function activate(e) {
    e.preventDefault();
    const it = e.currentTarget.item;
    if (!it || it.disabled) return;
    if (it.role === 'textbox' || it.role === 'multiline') return;   // focus does that
    if (it.id && byId.has(it.role)) call('_yishi_a11y_activate', it.id);   // pressed wherever it is drawn next
    else pressAt(e.currentTarget, center);
  }

  // A focused text field is taken by the app's field: a press at its end puts the caret after the text.
  mirror.addEventListener('focusin', e => {
    const it = e.target.item;
    openerKey = e.target.dataset.key || null;
    call('_yishi_a11y_focus', it && it.id ? it.id : 0);
    if (it && e.target.dataset.a11yField) pressAt(e.target, f => [f.x + f.w - 6, f.y + f.h - 6], { whileFocused: true });   // caret at the end
  });
  mirror.addEventListener('focusout', e => {
    call('_yishi_a11y_focus', 0);
    if (e.target.dataset && e.target.dataset.a11yField) call('_yishi_a11y_release');
  });

  const focusables = () => [...mirror.children].filter(el => el.tabIndex >= 0);

  // Neighbours in a run of the same role (radio group, option list).
  function neighbour(el, step) {
    let n = step > 0 ? el.nextElementSibling : el.previousElementSibling;
    while (n && n.dataset.role !== el.dataset.role && n.dataset.role === 'text')
      n = step > 0 ? n.nextElementSibling : n.previousElementSibling;
    return n && n.dataset.role === el.dataset.role ? n : null;
  }

  // Keys typed on mirror elements are the mirror's; only text fields also feed the app's field.
  // Registered in the capture phase, before the app's own window listener.
  let lastKeyMs = 0, lastPointerMs = 0;   // the keyboard or a pointer, whichever was used last
  window.addEventListener('pointerdown', () => { lastPointerMs = performance.now(); }, true);
  window.addEventListener('keydown', e => {
    lastKeyMs = performance.now();
    const el = e.target;
    if (e.key === 'Tab' && el && el.parentElement !== mirror && !el.classList.contains('native-field')) {
      // Tab from the page or from the text agent (a field being edited with the mouse): never the app's
      // (ImGui would move between its text fields and keep the focus there); the mirror takes it up.
      e.stopImmediatePropagation();
      if (el.id === 'text-agent') {
        e.preventDefault();
        call('_yishi_a11y_release');
        const list = focusables();
        const x = parseFloat(el.style.left) || 0, y = parseFloat(el.style.top) || 0;
        const from = list.findIndex(f => f.item && f.dataset.a11yField && x >= f.item.x && x <= f.item.x + f.item.w &&
                                         y >= f.item.y - 4 && y <= f.item.y + f.item.h);
        const to = from < 0 ? (e.shiftKey ? list.length - 1 : 0) : from + (e.shiftKey ? -1 : 1);
        if (list[to]) list[to].focus();
      }
      return;
    }
    if (!el || el.parentElement !== mirror) return;
    const role = el.dataset.role;
    const field = !!el.dataset.a11yField;
    if (e.key === 'Tab') {
      e.stopImmediatePropagation();
      if (afterScroll && performance.now() - afterScroll.t < 500) { e.preventDefault(); return; }  // still scrolling
      afterScroll = null;
      // At the edge: on or past the last control (or before the first) in reading order.
      const list = focusables();
      const first = list[0], last = list[list.length - 1];
      const edge = !list.length || (e.shiftKey ? first === el || !!(el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)
                                                : last === el || !!(el.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_PRECEDING));
      if (edge && call('_yishi_a11y_scroll', (e.shiftKey ? -0.8 : 0.8) * window.innerHeight)) {
        e.preventDefault();
        afterScroll = { down: !e.shiftKey, known: new Set(list), t: performance.now() };
      }
      return;
    }
    if (field) return;                       // editing keys go to the app's field
    e.stopImmediatePropagation();
    const fwd = e.key === 'ArrowDown' || e.key === 'ArrowRight', back = e.key === 'ArrowUp' || e.key === 'ArrowLeft';
    if ((role === 'radio' || role === 'option') && (fwd || back)) {
      e.preventDefault();
      const n = neighbour(el, fwd ? 1 : -1);
      if (n) { n.focus(); if (role === 'radio') n.click(); }
    } else if (role === 'slider' && (fwd || back)) {
      e.preventDefault();
      slide(el, fwd ? 1 : -1);
    } else if (role === 'option' && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      el.click();
    } else if (e.key === 'Escape') {
      const combo = [...mirror.children].find(c => c.dataset.role === 'combobox' && c.getAttribute('aria-expanded') === 'true');
      // An open list closes, nothing chosen (a click on its combo box would close and reopen it).
      if (combo) { e.preventDefault(); call('_yishi_a11y_close_popup'); combo.focus(); return; }
      // A dialog's last button cancels it (ui::confirm_dialog draws 确认, then 取消).
      const buttons = dialog ? [...mirror.children].filter(c => c.dataset.role === 'button') : [];
      if (buttons.length) { e.preventDefault(); buttons[buttons.length - 1].click(); }
    }
  }, true);

  // ImGui's integer slider (1.86 SliderBehaviorT): the grab is range/(n+1) wide, at least 10 px, inside
  // 2 px of padding; a press at the grab's centre for value v sets v. Presses faster than the app's
  // frames count on from the value asked for last (el.sliderTarget), not the one drawn.
  function slide(el, step) {
    const it = el.item;
    const [drawn, max] = it.value.split('/').map(Number);
    const v = el.sliderTarget !== undefined ? el.sliderTarget : drawn;
    const next = Math.max(0, Math.min(max, v + step));
    if (next === v || !max) return;
    el.sliderTarget = next;
    const usable = it.w - 4, grab = Math.max(usable / (max + 1), 10);
    const x = it.x + 2 + grab / 2 + (usable - grab) * next / max;
    call('_yishi_a11y_click', x, it.y + it.h / 2);
  }

  function announce(text) {
    live.textContent = '';
    setTimeout(() => { live.textContent = text; }, 50);   // a change the screen reader notices
  }

  function key(it, seen) {
    const base = it.id ? 'w' + it.id : 't' + it.label;
    const n = seen.get(base) || 0;
    seen.set(base, n + 1);
    return n ? base + '#' + n : base;
  }

  // The screen's heading: the first heading after the app's title, which every screen has.
  function screenHeading(wanted) {
    const headings = wanted.filter(el => el.dataset.role === 'heading' || el.dataset.role === 'section');
    return headings[1] || headings[0];
  }

  function update(items, view) {
    if (!enabled) return;
    const seen = new Map();
    const wanted = [];
    let fieldBefore = null;
    const alerts = new Set(), statuses = [];
    for (const it of items) {
      const k = key(it, seen);
      let el = els.get(k);
      if (el && el.dataset.role !== it.role) { el.remove(); els.delete(k); el = null; }
      if (!el) {
        el = create(it);
        el.id = 'a11y-' + els.size + '-' + Math.random().toString(36).slice(2, 7);
        el.dataset.key = k;
        els.set(k, el);
      }
      if (el.item !== it) apply(el, it, el.item);
      wanted.push(el);
      if (it.role === 'status' || it.role === 'alert') statuses.push(it);
      if (it.role === 'textbox' || it.role === 'multiline' || it.role === 'combobox') fieldBefore = el;
      if (it.role === 'alert' && fieldBefore) {         // a form error: the field it follows is invalid
        fieldBefore.setAttribute('aria-invalid', 'true');
        fieldBefore.setAttribute('aria-describedby', el.id);
        alerts.add(fieldBefore);
        fieldBefore = null;
      }
    }
    // A combo box is expanded while its options are on screen: the options are drawn right after the
    // combo box that opened them (its popup's items follow it), so it is the last combo box before the
    // first option; the screen's other combo boxes stay collapsed. Opened from the keyboard, the focus
    // goes to its chosen option; when an option is taken (the list closes), back to the combo box.
    const options = wanted.filter(o => o.dataset.role === 'option');
    const firstOption = wanted.findIndex(o => o.dataset.role === 'option');
    let owner = -1;
    for (let i = firstOption - 1; i >= 0 && owner < 0; --i) if (wanted[i].dataset.role === 'combobox') owner = i;
    let focusAfter = null;
    for (let i = 0; i < wanted.length; ++i) {
      if (wanted[i].dataset.role !== 'combobox') continue;
      const open = i === owner;
      if (wanted[i].getAttribute('aria-expanded') === String(open)) continue;
      wanted[i].setAttribute('aria-expanded', String(open));
      if (open && document.activeElement === wanted[i]) focusAfter = options.find(o => o.item.checked) || options[0];
      if (!open && document.activeElement && document.activeElement.dataset.role === 'option') focusAfter = wanted[i];
    }
    const keep = new Set(wanted);
    for (const [k, el] of els) if (!keep.has(el)) { el.remove(); els.delete(k); }
    for (const el of wanted) {
      if (el.hasAttribute('aria-invalid') && !alerts.has(el)) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
    }
    // Order as drawn; only elements out of place move (a moved element would lose focus).
    let at = mirror.firstElementChild;
    for (const el of wanted) {
      if (at === el) { at = at.nextElementSibling; continue; }
      mirror.insertBefore(el, at);
    }
    if (focusAfter) focusAfter.focus({ preventScroll: true });

    const now = new Set(statuses.map(it => it.label));
    if (started) {
      const fresh = statuses.filter(it => !announced.has(it.label)).map(it => it.label);
      if (fresh.length) announce(fresh.join('。'));
    }
    announced = now;

    const active = document.activeElement;
    const lost = !active || active === document.body || active === document.documentElement;
    // A modal dialog (only its items are published): the page is the dialog, named by its title, which
    // takes the focus; when it closes, the focus goes back to the control that opened it.
    const title = wanted.find(el => el.dataset.role === 'dialog');
    if (title && !dialog) {
      dialog = { opener: openerKey };
      mirror.setAttribute('role', 'dialog');
      mirror.setAttribute('aria-modal', 'true');
      mirror.setAttribute('aria-labelledby', title.id);
      title.focus({ preventScroll: true });
    } else if (!title && dialog) {
      const back = els.get(dialog.opener);
      dialog = null;
      mirror.removeAttribute('role');
      mirror.removeAttribute('aria-modal');
      mirror.removeAttribute('aria-labelledby');
      const to = back || screenHeading(wanted);   // (the opener is gone when the action changed it)
      if (to) to.focus({ preventScroll: true });
    }
    if (!title && started && view !== shownView && (lost || mirror.contains(active))) {
      const h = screenHeading(wanted);   // a new screen: focus its heading
      if (h && !(active && active.dataset && active.dataset.a11yField)) h.focus({ preventScroll: true });
    } else if (afterScroll) {
      const list = focusables();
      const fresh = list.filter(el => !afterScroll.known.has(el));
      let target = fresh.length ? (afterScroll.down ? fresh[0] : fresh[fresh.length - 1]) : null;
      if (!target && !mirror.contains(document.activeElement) && wanted.length) {
        // Only text scrolled in: hold focus on the text at that end, so the next Tab scrolls on.
        target = afterScroll.down ? wanted[wanted.length - 1] : wanted[0];
        if (target.tabIndex < 0 || !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      }
      if (target) { target.focus({ preventScroll: true }); afterScroll = null; }
    }
    shownView = view;
    started = true;
  }

  // The system's display preferences: high contrast palette on the canvas.
  const contrast = window.matchMedia('(forced-colors: active), (prefers-contrast: more)');
  function prefs() { call('_yishi_a11y_prefs', contrast.matches ? 1 : 0); }
  contrast.addEventListener('change', prefs);

  function setEnabled(on) {
    enabled = !!on;
    if (!enabled) { for (const el of els.values()) el.remove(); els.clear(); started = false; }
    else if (window.yishi) update(window.yishi.items, window.yishi.view);
  }

  const usingKeyboard = () => lastKeyMs > lastPointerMs;
  window.yishiA11y = { update, prefs, setEnabled, usingKeyboard };
})();
