// yishi-sw.js — the service worker: the app opens with no network, and a phone downloads each file once.
//
// - The shell (page, script, the program's two parts, glyph indexes and base glyphs) of one build is cached whole at install,
//   under that build's version (stamped into this file by scripts/stamp-sw.sh: a hash of those files),
//   and served from that cache: a repeat visit costs no shell bytes, and a visit with no network opens
//   the device's copy (the app then says it is offline and shows what it saved last time).
// - A new build changes this file, so the browser installs its worker on the next online load; it caches
//   the new shell whole before it takes over (skipWaiting), then old shells are deleted. Pages never see
//   files of two builds: each build's shell comes from its own cache, filled in one addAll.
// - Glyph files (g-<hash>.otf/.ttf) are named by content: cached the first time they are fetched, for good.
// - /api/ requests always go to the network (the app keeps its own offline data, client/model/); so do
//   the log's tiles (/log/), which the browser's HTTP cache keeps (they are immutable).
'use strict';
const VERSION = '@YISHI_VERSION@';
const SHELL = `yishi-shell-${VERSION}`;
const GLYPHS = 'yishi-glyphs';
const SHELL_FILES = ['./', 'index.html', 'yishi.css', 'yishi-a11y.js', 'yishi-glue.js', 'yishi.js', 'yishi.wasm',
                     '@YISHI_DEFERRED@', 'glyphs.idx', 'glyphs-base.idx', 'glyphs-base.otf'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(SHELL)
    .then(cache => cache.addAll(SHELL_FILES.map(f => new Request(f, { cache: 'no-cache' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith('yishi-shell-') && k !== SHELL).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const isGlyphFile = path => /\/g-[0-9a-f]{12}\.(otf|ttf)$/.test(path);

self.addEventListener('fetch', event => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/log/')) return;
  if (isGlyphFile(url.pathname)) {
    event.respondWith(caches.open(GLYPHS).then(async cache => {
      const hit = await cache.match(req);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok) await cache.put(req, res.clone());
      return res;
    }));
    return;
  }
  // The shell: this build's copy, or the network for anything else (and if the cache was evicted).
  event.respondWith(caches.open(SHELL).then(async cache => {
    const hit = await cache.match(req.mode === 'navigate' ? './' : req, { ignoreSearch: req.mode === 'navigate' });
    return hit || fetch(req);
  }));
});
