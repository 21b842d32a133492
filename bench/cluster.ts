// `rostrum serve` in several processes behind one port, with node:cluster: the primary accepts each
// connection and hands it to the next worker in turn, then stays out of the way, where a proxy would
// copy every byte of every answer through one more process on the same cores.
// Usage: node --import tsx bench/cluster.ts <workers>; the environment is each worker's (PORT, DATABASE_URL …).
import cluster from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const workers = Number(process.argv[2]);
if (!Number.isInteger(workers) || workers < 1) throw new Error(`bench/cluster.ts: the number of workers must be a whole number, not "${process.argv[2]}"`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Round-robin is Node's default on Linux; said here because the bench depends on it elsewhere too.
cluster.schedulingPolicy = cluster.SCHED_RR;
cluster.setupPrimary({ exec: path.join(root, 'bin/rostrum.js'), args: ['serve'], execArgv: [] });
for (let i = 0; i < workers; i++) cluster.fork();

let stopping = false;
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); stopping the others\n`);
    stop();
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopping ? 0 : 1);
});

function stop(): void {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
