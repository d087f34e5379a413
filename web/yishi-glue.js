// yishi-glue.js — the page's JavaScript: loading, and the bridge between the browser and the
// wasm app (client/platform/platform_web.cpp, client/platform/net_web.cpp). No business rules live here.
//
// - start-up: feature checks with readable errors; yishi.wasm (the code start-up runs) fetched at once and
//   compiled while it streams in (instantiateStreaming), beside yishi.js and the base glyph file with its
//   one-line index (glyphs-base.idx), which go into MEMFS; the program's second part is fetched once the
//   first has compiled; nothing else is fetched before the first frame
// - after the first frame: the whole glyph index (glyphs.idx), the service worker
// - glyph files fetched on demand when the app meets a character they hold (client/platform/fonts.hpp)
// - text agent: a hidden <textarea> receives typing, IME composition and paste for ImGui
// - clipboard, fetch for /api/, downloads of exports, and window.yishi (frames, visible items) for tests and a11y
'use strict';

(function () {
  const statusBox = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const statusProgress = document.getElementById('status-progress');
  const canvas = document.getElementById('canvas');
  const agent = document.getElementById('text-agent');
  const t0 = performance.now();

  // What tests and assistive tooling read: frame count, visible widgets (CSS px), language.
  // phases: milliseconds from navigation start at which each start-up step ended (bench/bench_network.mjs).
  const yishi = window.yishi = { frames: 0, items: [], lang: 'zh-CN', firstFrameMs: null, error: null, wantText: false,
                                 frameMs: [], persistCount: 0, saving: false, phases: { glue: t0 } };
  const phase = name => { yishi.phases[name] = performance.now(); };

  const messages = {
    webgl2: '此浏览器不支持 WebGL 2，无法显示议事。请使用较新的 Chrome、Edge、Firefox 或 Safari。\n' +
            'This browser does not support WebGL 2. Please use a recent Chrome, Edge, Firefox or Safari.',
    wasm: '此浏览器不支持 WebAssembly，无法运行议事。请更新浏览器。\n' +
          'This browser does not support WebAssembly. Please update your browser.',
    font: '字体加载失败，请检查网络后刷新页面。\nThe font could not be loaded. Check the connection and reload.',
    load: '程序加载失败，请检查网络后刷新页面。\nThe app could not be loaded. Check the connection and reload.',
  };

  function fail(kind, detail) {
    yishi.error = kind;
    statusBox.classList.remove('hidden');
    statusBox.classList.add('error');
    statusText.textContent = (messages[kind] || messages.load) + (detail ? '\n(' + detail + ')' : '');
    statusText.style.whiteSpace = 'pre-line';
  }

  const persistState = { running: false, again: false };

  const nativeFields = new Map();   // id → element (placeNativeFields)
  // A file for the browser's downloads: a Blob behind an <a download> click.
  function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
  function wake() { if (window.Module && Module._yishi_wake) Module._yishi_wake(); }

  function callWithString(fn, s) {
    if (!window.Module || !Module.calledRun) return;
    Module.ccall(fn, null, ['string'], [s]);
  }

  // The bridge the C++ side calls (EM_ASM in client/platform/platform_web.cpp and net_web.cpp).
  window.yishiGlue = {
    fail,
    // drawn, missing: the characters the first frame drew, and those of them whose glyphs had not
    // arrived (drawn as the fallback glyph), as comma-separated hex code points; yishi.firstFrameChars
    // and yishi.firstFrameMissing have them as strings (scripts/profile-startup.mjs, startup-split.test.mjs).
    onFirstFrame(drawn, missing) {
      const text = hex => hex ? hex.split(',').map(h => String.fromCodePoint(parseInt(h, 16))).join('') : '';
      yishi.firstFrameMs = performance.now() - t0;
      yishi.firstFrameChars = text(drawn);
      yishi.firstFrameMissing = text(missing);
      phase('firstFrame');
      statusBox.classList.add('hidden');
      window.yishiGlue.fetchGlyphIndex();
      if (window.yishiA11y) yishiA11y.prefs();
      // The service worker (yishi-sw.js): the next visit opens from this device, online or not.
      // Registered after the first frame so that it never competes with the first download.
      if ('serviceWorker' in navigator && window.isSecureContext) {
        navigator.serviceWorker.register('yishi-sw.js')
          .then(() => navigator.serviceWorker.ready).then(() => { yishi.offlineReady = true; })
          .catch(err => console.warn('service worker not registered', err));
      }
    },
    publishItems(json, lang, view) {
      yishi.items = JSON.parse(json);
      yishi.lang = lang;
      document.documentElement.lang = lang;
      yishi.view = view;                                      // which screen (app.cpp view_key)
      if (window.yishiA11y) yishiA11y.update(yishi.items, view);   // the accessibility mirror (yishi-a11y.js)
    },
    // Writes /data back to IndexedDB: coalesced, one sync at a time.
    // yishi.saving is true from a request until everything asked for is on the device.
    persist() {
      yishi.saving = true;
      if (persistState.running) { persistState.again = true; return; }
      persistState.running = true;
      Module.FS.syncfs(false, err => {
        persistState.running = false;
        if (err) console.warn('saving to IndexedDB failed', err);
        yishi.persistCount++;
        if (persistState.again) { persistState.again = false; window.yishiGlue.persist(); }
        else yishi.saving = false;
      });
    },
    frameDrawn(count, cpuMs) {
      yishi.frames = count;
      yishi.frameMs.push(cpuMs);
      if (yishi.frameMs.length > 2000) yishi.frameMs.shift();
    },
    // The app's screen as the address (client/routes.hpp): replace, or a new history entry.
    setRoute(hash, replace) {
      if (location.hash === hash) return;
      if (replace) history.replaceState(null, '', hash);
      else history.pushState(null, '', hash);
      yishi.route = hash;
    },
    setTextInput(want, field) {
      yishi.wantText = !!want;
      yishi.textField = want ? field >>> 0 : 0;   // the id (unsigned, as items give it) of the app's field taking text
      // A mirror text field (yishi-a11y.js) that has focus is the text source itself. Another mirror
      // element focused by the keyboard means the keyboard has moved on before the field it left became
      // active: the field is let go of, and the focus stays where the keyboard put it. (A pointer's
      // press on a field is the pointer's: the text agent takes the typing.)
      const el = document.activeElement;
      const mirrorField = el && el.dataset && el.dataset.a11yField;
      const inMirror = el && el.parentElement && el.parentElement.id === 'a11y-mirror';
      if (want && inMirror && !mirrorField && window.yishiA11y && yishiA11y.usingKeyboard()) { if (Module.calledRun) Module._yishi_a11y_release(); }
      else if (want && !mirrorField) agent.focus({ preventScroll: true });
      else { agent.blur(); agent.value = ''; }
    },
    placeTextAgent(x, y) {
      agent.style.left = Math.max(0, x) + 'px';
      agent.style.top = Math.max(0, y) + 'px';
    },
    copy(text) {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
    },
    httpPost(id, path, bytes, contentType) {
      fetch(path, { method: 'POST', headers: { 'Content-Type': contentType, Accept: 'application/json' },
                    body: bytes, cache: 'no-store' })
        .then(r => r.text().then(body => [r.status, body]))
        .catch(() => [0, ''])
        .then(([status, body]) => {
          settle(id, status, body);
        });
    },
    // An export saved through the browser: the exact bytes (a CSV keeps its BOM) as a Blob behind an
    // <a download> click. A refusal's JSON body goes back to the app instead.
    download(id, path, filename) {
      fetch(path, { cache: 'no-store' })
        .then(async r => {
          if (!r.ok) return [r.status, await r.text()];
          saveBlob(new Blob([await r.arrayBuffer()], { type: r.headers.get('Content-Type') || 'application/octet-stream' }),
                   filename);
          return [r.status, ''];
        })
        .catch(() => [0, ''])
        .then(([status, body]) => {
          settle(id, status, body);
        });
    },
    // Native fields (client/platform/native_field.hpp): real <input type=password> / <textarea> elements laid
    // exactly over the frames the app drew, for passphrases (no echo, password managers) and the key
    // backup (long-press paste on phones). Created, moved and removed as the app's frames say; an
    // element being edited keeps its own value, every edit goes back to the app.
    placeNativeFields(json) {
      const wanted = new Map(JSON.parse(json).map(f => [f.id, f]));
      for (const [id, el] of nativeFields) {
        if (!wanted.has(id)) { if (document.activeElement === el) el.blur(); el.remove(); nativeFields.delete(id); }
      }
      for (const f of wanted.values()) {
        let el = nativeFields.get(f.id);
        if (!el) {
          el = document.createElement(f.kind === 'password' ? 'input' : 'textarea');
          if (f.kind === 'password') { el.type = 'password'; el.autocomplete = 'current-password'; }
          else { el.spellcheck = false; el.setAttribute('autocapitalize', 'off'); el.setAttribute('autocorrect', 'off'); }
          el.className = 'native-field';
          el.addEventListener('input', () => {
            Module.ccall('yishi_native_input', null, ['string', 'string'], [f.id, el.value]);
          });
          document.body.appendChild(el);
          nativeFields.set(f.id, el);
        }
        el.setAttribute('aria-label', f.name);
        el.placeholder = f.name;
        Object.assign(el.style, { left: f.x + 'px', top: f.y + 'px', width: f.w + 'px', height: f.h + 'px' });
        if (document.activeElement !== el && el.value !== f.value) el.value = f.value;
      }
    },
    // Bytes the app made (the printable enrolment-code sheet), saved the same way.
    saveFile(filename, mime, bytes) { saveBlob(new Blob([bytes], { type: mime }), filename); },
    // Whether the directory's offline copy may download now (client/app.cpp sync_directory): not when
    // the browser says data is to be saved or the link is 2G-class; the search goes to the server then.
    offlineCopyAllowed() {
      const c = navigator.connection;
      return !(c && (c.saveData || c.effectiveType === 'slow-2g' || c.effectiveType === '2g'));
    },
    // The whole glyph index (which file holds each code point), after the first frame: until it is here
    // the app knows only the base file's characters. Retried like a glyph file.
    fetchGlyphIndex(attempt = 0) {
      fetchBytes('glyphs.idx').then(bytes => {
        const ptr = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, ptr);
        Module._yishi_glyph_index_arrived(ptr, bytes.length);
        Module._free(ptr);
        phase('glyphIndex');
      }).catch(() => {
        setTimeout(() => window.yishiGlue.fetchGlyphIndex(attempt + 1), Math.min(30000, 1000 << Math.min(attempt, 5)));
      });
    },
    // A glyph file the app asked for (content-named, cached for good); retried with growing pauses
    // until it arrives, so that no character stays a fallback glyph after a network hiccup.
    fetchGlyphs(file, name, attempt = 0) {
      fetchBytes(name).then(bytes => {
        const ptr = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, ptr);
        Module._yishi_glyphs_arrived(file, ptr, bytes.length);
        Module._free(ptr);
      }).catch(() => {
        setTimeout(() => window.yishiGlue.fetchGlyphs(file, name, attempt + 1), Math.min(30000, 1000 << Math.min(attempt, 5)));
      });
    },
    httpGet(id, path) {
      fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' })
        .then(r => r.text().then(body => [r.status, body]))
        .catch(() => [0, ''])
        .then(([status, body]) => {
          settle(id, status, body);
        });
    },
  };

  // [Text sources] composition shows as pre-edit at the caret; committed text goes to ImGui. The text
  // agent is emptied after each input; a mirror field (yishi-a11y.js) keeps its value, which the app's
  // field overwrites, and its editing keys reach the app as key events already (isAgent false).
  function listenForText(el, isAgent) {
    el.composing = false;
    el.addEventListener('compositionstart', () => { el.composing = true; });
    el.addEventListener('compositionupdate', e => callWithString('yishi_ime_preedit', e.data || ''));
    el.addEventListener('compositionend', e => {
      el.composing = false;
      callWithString('yishi_ime_preedit', '');
      if (e.data) callWithString('yishi_text_input', e.data);
      if (isAgent) el.value = '';
    });
    el.addEventListener('input', e => {
      if (el.composing || e.isComposing) return;
      if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') {
        if (e.data) callWithString('yishi_text_input', e.data);
      } else if (!isAgent) {
        return;
      } else if (e.inputType === 'insertLineBreak' || e.inputType === 'insertParagraph') {
        Module._yishi_key_tap(13);
      } else if (e.inputType === 'deleteContentBackward') {
        Module._yishi_key_tap(8);   // phone keyboards send keyCode 229, then this
      } else if (e.inputType === 'deleteContentForward') {
        Module._yishi_key_tap(46);
      }
      if (isAgent) el.value = '';
    });
  }
  window.yishiGlue.listenForText = listenForText;
  listenForText(agent, true);
  // Keys that pick IME candidates must not also act on widgets; keys typed into a native field are
  // its own (the app never sees them, so it cannot cancel a Backspace there).
  const isNativeField = t => t && t.classList && t.classList.contains('native-field');
  for (const type of ['keydown', 'keyup']) {
    window.addEventListener(type, e => {
      if (isNativeField(e.target) || (type === 'keydown' && (e.isComposing || e.keyCode === 229))) e.stopImmediatePropagation();
    }, true);
  }
  document.addEventListener('paste', e => {
    if (isNativeField(e.target)) return;   // its own paste
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    callWithString('yishi_paste', text);
    e.preventDefault();
  });
  // A press on the canvas ends editing in a native field (the canvas's mousedown is preventDefault-ed,
  // which would otherwise leave the element focused).
  canvas.addEventListener('pointerdown', () => {
    if (isNativeField(document.activeElement)) document.activeElement.blur();
  });
  // Back, Forward, and addresses typed or opened: the app goes to that screen.
  window.addEventListener('hashchange', () => callWithString('yishi_route', location.hash));
  // Phones open the keyboard only for focus() inside a touch handler.
  canvas.addEventListener('touchend', () => { if (document.activeElement !== agent && yishi.wantText) agent.focus(); });

  // [Start-up]
  if (typeof WebAssembly !== 'object') { fail('wasm'); return; }
  if (!document.createElement('canvas').getContext('webgl2')) { fail('webgl2'); return; }

  // A file's bytes, with progress on the status bar when it is the big one.
  // A request's answer to the app: the body's UTF-8 bytes on the wasm heap (ccall's 'string' would put them
  // on the 5 MB stack, and an export of 10,000 ballots is 14 MB), then a frame.
  function settle(id, status, body) {
    const bytes = new TextEncoder().encode(body);
    const ptr = Module._malloc(Math.max(1, bytes.length));
    Module.HEAPU8.set(bytes, ptr);
    Module._yishi_http_done(id, status, ptr, bytes.length);
    Module._free(ptr);
    wake();
  }

  function fetchBytes(name, progress) {
    return fetch(name).then(async r => {
      if (!r.ok) throw new Error(name + ': HTTP ' + r.status);
      if (!progress) return new Uint8Array(await r.arrayBuffer());
      const total = Number(r.headers.get('Content-Length')) || 0;
      const reader = r.body.getReader();
      const chunks = [];
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.length;
        if (total) statusProgress.value = Math.min(99, 100 * got / total);
      }
      const bytes = new Uint8Array(got);
      let at = 0;
      for (const c of chunks) { bytes.set(c, at); at += c.length; }
      return bytes;
    });
  }

  // Everything the first frame needs, requested at once and in parallel (index.html also announces
  // them with <link rel=preload>): the program, compiled while it downloads, and the start-up glyphs
  // (ASCII and the characters the first screens draw) with the index line that lists them.
  const wasmResponse = fetch('yishi.wasm', { credentials: 'same-origin' });
  const fontPromise = Promise.all([fetchBytes('glyphs-base.idx'), fetchBytes('glyphs-base.otf', true)]);

  // The program's second part (scripts/split-wasm.sh): yishi.wasm holds what start-up runs; the rest
  // is in this content-named file, fetched once the first part has compiled. Instantiating it fills the
  // first part's function table. Until then a call to one of its functions lands on a placeholder,
  // which loads the part at once with a blocking request: slower for that one moment, never wrong.
  const deferred = { file: '@YISHI_DEFERRED@', exports: null, table: null, done: false };
  function installDeferred(module) {
    if (deferred.done) return;
    new WebAssembly.Instance(module, { primary: deferred.exports });
    deferred.done = true;
  }
  function loadDeferredNow() {
    if (deferred.done) return;
    const xhr = new XMLHttpRequest();   // synchronous: the wasm caller is waiting for its result
    xhr.open('GET', deferred.file, false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send(null);
    if (xhr.status !== 200) throw new Error(deferred.file + ': HTTP ' + xhr.status);
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    installDeferred(new WebAssembly.Module(bytes));
    phase('deferredBlocking');
  }
  function loadDeferred() {
    fetch(deferred.file, { credentials: 'same-origin' })
      .then(r => r.ok ? r.arrayBuffer() : Promise.reject(new Error(deferred.file + ': HTTP ' + r.status)))
      .then(bytes => WebAssembly.compile(bytes))
      .then(module => { if (!deferred.done) { installDeferred(module); phase('deferred'); } })
      .catch(err => console.warn('the second part of the program will load when first needed', err));
  }
  const placeholders = new Proxy({}, {
    get: (_, index) => function () {
      loadDeferredNow();
      return deferred.table.get(Number(index)).apply(null, arguments);
    },
  });

  window.Module = {
    canvas,
    // Streaming compilation needs the server's application/wasm type; anything else falls back to
    // compiling the downloaded bytes (a second request, answered from the HTTP cache).
    instantiateWasm(imports, receive) {
      imports.placeholder = placeholders;
      const compiled = WebAssembly.instantiateStreaming
        ? WebAssembly.instantiateStreaming(wasmResponse, imports).catch(err => {
            console.warn('streaming wasm compile failed, compiling the bytes instead', err);
            return fetch('yishi.wasm', { credentials: 'same-origin' }).then(r => r.arrayBuffer())
              .then(bytes => WebAssembly.instantiate(bytes, imports));
          })
        : wasmResponse.then(r => r.arrayBuffer()).then(bytes => WebAssembly.instantiate(bytes, imports));
      compiled.then(result => {
        phase('wasm');
        deferred.exports = result.instance.exports;
        deferred.table = Object.values(deferred.exports).find(v => v instanceof WebAssembly.Table);
        // A whole program (scripts/profile-startup.mjs serves one) has no second part.
        if (WebAssembly.Module.imports(result.module).some(i => i.module === 'placeholder')) loadDeferred();
        else deferred.done = true;
        receive(result.instance, result.module);
      })
        .catch(err => fail('load', 'yishi.wasm: ' + err));
      return {};
    },
    preRun: [function () {
      // /data: IndexedDB-backed files (the local directory copy). Read in before main starts.
      Module.addRunDependency('idb');
      Module.FS.mkdir('/data');
      Module.FS.mount(Module.FS.filesystems.IDBFS, {}, '/data');
      Module.FS.syncfs(true, err => {
        if (err) console.warn('IndexedDB unavailable; the local copy will not survive a reload', err);
        phase('idb');
        Module.removeRunDependency('idb');
      });
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      Module.addRunDependency('font');
      fontPromise.then(([index, base]) => {
        Module.FS.writeFile('/glyphs-base.idx', index);
        Module.FS.writeFile('/glyphs-base.otf', base);
        phase('glyphs');
        Module.removeRunDependency('font');
      }).catch(err => fail('font', String(err)));
    }],
    onRuntimeInitialized: () => phase('main'),   // main() runs next
    print: text => console.log(text),
    printErr: text => console.warn(text),
    onAbort: what => fail('load', String(what)),
  };
  window.addEventListener('error', e => { if (!yishi.frames) fail('load', e.message); });

  const script = document.createElement('script');
  script.src = 'yishi.js';
  script.onload = () => phase('script');
  script.onerror = () => fail('load', 'yishi.js');
  document.body.appendChild(script);
})();
