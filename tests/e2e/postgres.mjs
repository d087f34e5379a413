// postgres.mjs — a throwaway PostgreSQL 15 cluster for the e2e tests that run on both backends.
//
// With YISHI_DB_BACKEND=postgresql, startServer (harness.mjs) gives every server a fresh database of one
// cluster per test process: initdb and pg_ctl (Debian's postgresql-15) in a temporary directory,
// listening on a Unix socket only (no TCP port to collide with), trust authentication. initdb refuses
// to run as root, and CI runs as root: then the cluster runs as the `postgres` system user (runuser).
// The cluster stops (immediate) and its directory goes when the test process exits. fsync is off: the
// tests kill servers, never the machine, and PostgreSQL's own durability is not what they test.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, chownSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = process.env.YISHI_PG_BIN || '/usr/lib/postgresql/15/bin';
let cluster = null;
let databases = 0;

function asClusterUser(args) {
  if (process.getuid() !== 0) return args;
  return ['runuser', '-u', 'postgres', '--', ...args];
}

function run(args) {
  const [cmd, ...rest] = asClusterUser(args);
  const r = spawnSync(cmd, rest, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function postgresAvailable() {
  return existsSync(path.join(bin, 'initdb'));
}

// Starts the cluster on first use; returns { socketDir, user }.
export function startCluster() {
  if (cluster) return cluster;
  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-pg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'sock');
  mkdirSync(socketDir);
  if (process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  run([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  run([path.join(bin, 'pg_ctl'), '-D', data, '-w', '-l', path.join(dir, 'log'), '-o',
       `-c listen_addresses='' -k ${socketDir} -c fsync=off -c full_page_writes=off -c max_connections=200`, 'start']);
  cluster = { dir, data, socketDir, user: 'postgres' };
  process.on('exit', () => {
    const [cmd, ...rest] = asClusterUser([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
    spawnSync(cmd, rest);
    rmSync(dir, { recursive: true, force: true });
  });
  return cluster;
}

// A fresh, empty database in the cluster; returns its postgresql:// URL (what --db takes).
export function freshDatabase() {
  const c = startCluster();
  const name = `yishi_${process.pid}_${++databases}`;
  run([path.join(bin, 'createdb'), '-h', c.socketDir, '-U', c.user, name]);
  return `postgresql:///${name}?host=${encodeURIComponent(c.socketDir)}&user=${c.user}`;
}
