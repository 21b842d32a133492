import cliProgress from 'cli-progress';

/** A progress bar on stderr for long work; a line at start and end when stderr is not a terminal, so logs stay readable. */
export function progressBar(label: string, total: number) {
  if (!process.stderr.isTTY) {
    process.stderr.write(`${label}: ${total} steps\n`);
    return {
      tick() {},
      stop() {
        process.stderr.write(`${label}: done\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
