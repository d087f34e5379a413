// yishi-verify-worker.js — one of the page's signature-check workers (client/platform/net_web.cpp
// check_wires makes one per core, at most four, when a resident taps 核验全部选票).
// Gets {id, batch}: envelopes each preceded by its u32 length; answers {id, answer}: per envelope 33
// bytes, 0 and its log leaf hash when its signature verifies, else 1 + the error (core::check_wire_batch,
// shared/include/yishi/ballot_stream.hpp), run by yishi-verify.wasm, built from the shared core.
'use strict';
const waiting = [];
let ready = false;

function check({ id, batch }) {
  const bytes = new Uint8Array(batch);
  const p = Module._malloc(bytes.length + 1);
  Module.HEAPU8.set(bytes, p);
  const n = Module._yishi_check_wires(p, bytes.length);
  Module._free(p);
  const answer = Module.HEAPU8.slice(Module._yishi_answer(), Module._yishi_answer() + n);
  self.postMessage({ id, answer: answer.buffer }, [answer.buffer]);
}

self.Module = {
  onRuntimeInitialized() {
    ready = true;
    waiting.splice(0).forEach(check);
  },
};
self.onmessage = e => (ready ? check(e.data) : waiting.push(e.data));
importScripts('yishi-verify.js');
