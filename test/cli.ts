import { spawn } from 'node:child_process';
import { format } from 'node:util';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rostrum <args>` as a user would, with extra environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/rostrum.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `rostrum <args>` in this process, through the same entry point as the bin (src/main.ts `main`), for
 * tests of what the CLI says and does with its arguments: a process start costs about a second, this a few
 * milliseconds. What the command prints with console.log and console.error is captured, so calls take turns.
 * Anything about the process itself (its exit, its signals, its pipes) needs runCli.
 */
export function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  const turn = inProcessQueue.then(async () => {
    const { main } = await import('../src/main.ts');
    const result: CliResult = { code: 1, stdout: '', stderr: '' };
    const { log, error } = console;
    console.log = (...items: unknown[]) => void (result.stdout += `${format(...items)}\n`);
    console.error = (...items: unknown[]) => void (result.stderr += `${format(...items)}\n`);
    try {
      result.code = await main(args, { ...process.env, ...env });
    } finally {
      console.log = log;
      console.error = error;
    }
    return result;
  });
  inProcessQueue = turn.catch(() => {});
  return turn;
}
