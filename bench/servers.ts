import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';

export interface ServerProcess {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  stop(): Promise<void>;
}

// Every child the run starts, so that an interrupted run (Ctrl-C, watchdog) can still end them.
const running = new Set<ChildProcess>();

/** Ends every child at once, synchronously; for exits that cannot wait. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** What every Rostrum server of the bench is started with: its data, its port on loopback, no demo, quiet logs. */
const serverEnv = (dataDir: string, port: number) => ({
  DATA_DIR: dataDir,
  HOST,
  PORT: String(port),
  PUBLIC_URL: `http://${HOST}:${port}`,
  ROSTRUM_DEMO: '0',
  ROSTRUM_LOG_LEVEL: 'warn',
});

/** The real thing: `node bin/rostrum.js serve` on the prepared data directory (SQLite, unless `env` says otherwise). */
export async function startRostrum(dataDir: string, env: Record<string, string> = {}, name = 'rostrum'): Promise<ServerProcess> {
  const port = await freePort();
  return startChild(name, [path.join(root, 'bin/rostrum.js'), 'serve'], { ...serverEnv(dataDir, port), DATABASE_URL: '', ...env }, port);
}

/**
 * `workers` Rostrum processes behind one port, with node:cluster (see cluster.ts). The pid is the
 * primary's; `workerPids` finds the workers, whose CPU time is what counts.
 */
export async function startRostrumCluster(dataDir: string, env: Record<string, string>, workers: number, name = `rostrum-x${workers}`): Promise<ServerProcess> {
  const port = await freePort();
  return startChild(name, ['--import', 'tsx', path.join(root, 'bench/cluster.ts'), String(workers)], { ...serverEnv(dataDir, port), ...env }, port);
}

/** The processes a process started, from /proc (empty elsewhere). */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The baseline server (bare-server.ts), sending the given file's bytes to every request. */
export async function startBareServer(bodyFile: string, contentType: string): Promise<ServerProcess> {
  const port = await freePort();
  return startChild('bare', ['--import', 'tsx', path.join(root, 'bench/bare-server.ts'), bodyFile, contentType], { HOST, PORT: String(port) }, port);
}

async function startChild(name: string, args: string[], env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // The servers are quiet at log level warn; anything they do say is worth seeing, marked as theirs.
  const relay = (chunk: Buffer) => process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `));
  child.stdout!.on('data', relay);
  child.stderr!.on('data', relay);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // `exited` only ever resolves: nothing here can reject unseen.
  void exited.then(() => running.delete(child));

  const url = `http://${HOST}:${port}`;
  await waitUntilAnswering(url, exited, 60_000, name);
  return {
    name,
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until the server answers any HTTP response, failing fast if the process dies first. */
async function waitUntilAnswering(url: string, exited: Promise<void>, timeoutMs: number, name: string): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`The ${name} server exited before it answered`);
    try {
      const response = await fetch(url + '/', { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`The ${name} server did not answer within ${timeoutMs / 1000} s`);
}

/** Resident memory of a process in bytes, from /proc (Linux only; undefined elsewhere). */
export function residentMemory(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

/**
 * CPU time (user + system) a process has used so far, in seconds, from /proc (undefined elsewhere).
 * CPU per request is steadier than requests/s on a machine shared with other work.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
