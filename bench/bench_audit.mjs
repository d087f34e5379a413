// bench_audit.mjs — recount throughput of a whole-log audit (issue 21): a real yishi-server on loopback
// filled with N residents' signed ballots (enrol, ballot-key bind, vote: 3N + 2 log entries), then
// `yishi audit URL --dir D --bench` twice — cold (an empty mirror: every tile and bundle fetched) and
// warm (full tiles kept, so mostly checking) — and prints, from the same run: the entries/s of the check
// (strict decode, signature, leaf hash, beside raw native Ed25519 verifies/s as `yishi audit --bench`
// measures them), and the wall-clock entries/s of each whole audit (sync, check, recount, export
// comparison). No thresholds: the machine is shared.
//
//   YISHI_SERVER=build/native/server/yishi-server YISHI_WEB_DIR=build/wasm/web node bench/bench_audit.mjs [N=10000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { startServer, runServerCommand } from '../tests/e2e/harness.mjs';
import { REGION, toolBin, sign, signOne, publicKey, accepted } from '../tests/e2e/ledger_helpers.mjs';

const N = Number(process.argv[2] || 10000);
const C = 9;
const kConcurrency = 8;
const work = mkdtempSync(path.join(tmpdir(), 'yishi-bench-audit-'));
let codes;

const server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0', '--read-rate-per-address', '0'],
  dbPath => {
    if (runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('committee'), '--region', String(REGION),
                          '--name', '菊苑社区居委会']).status !== 0) throw new Error('add-committee failed');
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('committee'), '--region',
                                String(REGION), '--count', String(N), '--days', '30']);
    if (c.status !== 0) throw new Error('issue-codes failed: ' + c.stderr);
    codes = c.stdout.trim().split('\n');
  });
try {
  const t0 = Date.now();
  await accepted(server.url, signOne({ key: 'committee', kind: 'consultation_open', sequence: 1, region: REGION,
    consultation: C, payload: { title: '全体核验基准', method: 1, options: [[1, '甲'], [2, '乙'], [3, '丙']],
                                schedule: [[3, 0]] } }).wire);
  const specs = [];
  for (let i = 0; i < N; ++i) {
    const key = `bench-audit-${i}`;
    specs.push({ key, kind: 'enroll', sequence: 1, region: REGION, payload: { code: codes[i], display_name: `居民${i}` } },
               { key, kind: 'ballot_key_bind', sequence: 2, region: REGION, consultation: C, payload: { blinding: '5a'.repeat(32) } },
               { key, kind: 'vote', sequence: 1, region: REGION, consultation: C, payload: { method: 1, entries: [[1 + (i % 3), 1]] } });
  }
  const wires = sign(specs).map(w => w.wire);
  let next = 0;   // resident i's three envelopes go in order; residents in parallel
  await Promise.all(Array.from({ length: kConcurrency }, async () => {
    for (let i; (i = next++) < N;) for (let k = 0; k < 3; ++k) await accepted(server.url, wires[3 * i + k]);
  }));
  await accepted(server.url, signOne({ key: 'committee', kind: 'consultation_advance', sequence: 2, region: REGION,
                                       consultation: C, payload: { stage: 4 } }).wire);
  const entries = 3 * N + 2;
  console.log(`filled: ${N} ballots, ${entries} log entries in ${((Date.now() - t0) / 1000).toFixed(1)} s (load ${loadavg()[0].toFixed(2)})`);
  const dir = path.join(work, 'mirror');
  for (const run of ['cold', 'warm']) {
    const started = Date.now();
    const r = spawnSync(toolBin, ['audit', server.url, '--dir', dir, '--bench'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const secs = (Date.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`audit exited ${r.status}: ${r.stderr}`);
    const bench = /bench: (.*)/.exec(r.stdout)[1];
    console.log(`${run}: whole audit ${secs.toFixed(2)} s = ${(entries / secs).toFixed(0)} entries/s; ${bench}`);
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
