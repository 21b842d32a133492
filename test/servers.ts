import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binPath = path.join(root, 'bin/rostrum.js');

/** A real `rostrum serve` process, as an operator starts it. */
export interface ServeProcess {
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr): its logs, and the reason when it dies. */
  output: string;
  /** The address it listens on, from its "listening on" line; rejects if it exits first. */
  url: Promise<string>;
}

/**
 * Starts `node bin/rostrum.js serve` with extra environment. With PORT=0 the system picks a free port
 * and the process names it in its "listening on" line, so tests never race each other for ports.
 */
export function startServe(env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, [binPath, 'serve'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const server: ServeProcess = { child, output: '', url: Promise.resolve('') };
  server.url = new Promise((resolve, reject) => {
    const collect = (d: Buffer) => {
      server.output += d.toString();
      const match = /listening on (http:\/\/[^\s,)]+)/.exec(server.output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code, signal) => reject(new Error(`rostrum serve exited (${code ?? signal}) before listening:\n${server.output}`)));
  });
  // A failed start is reported through `url` by whoever awaits it; unawaited, it must not crash the runner.
  server.url.catch(() => {});
  return server;
}

/** Whether the process is still running. */
export function isRunning(server: ServeProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}

/** Asks the process to stop as SIGTERM does in production, and kills it if it has not gone in 10 s. */
export async function stopServe(server: ServeProcess): Promise<void> {
  if (!isRunning(server)) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
