import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** The compressed forms Rostrum sends; every browser of the last decade reads both. */
export type Encoding = 'br' | 'gzip';

/** Brotli first: on text it is some 10-15% smaller than gzip at the same effort. */
const byPreference: Array<Encoding | 'identity'> = ['br', 'gzip', 'identity'];

/**
 * The coding to send a reader whose request says `Accept-Encoding: header` (RFC 9110 §12.5.3): the
 * acceptable coding with the highest q-value, Brotli before gzip before none on a tie. `*` stands for
 * every coding the header does not name; `q=0` refuses one. Without the header, or when only refused
 * codings remain, the bytes go as they are (undefined).
 */
export function preferredEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (coding) weights.set(coding, qValue(params));
  }
  const wildcard = weights.get('*');
  // Identity needs no mention to be acceptable, but then it comes last: a named or `*` coding goes first.
  // Only `identity;q=0`, or `*;q=0` without naming identity, refuses it.
  const unnamedIdentity = wildcard === 0 ? 0 : Number.MIN_VALUE;
  const weightOf = (coding: string) => weights.get(coding) ?? (coding === 'identity' ? unnamedIdentity : (wildcard ?? 0));
  let best: Encoding | 'identity' = 'identity';
  let bestWeight = 0;
  for (const coding of byPreference) {
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best === 'identity' ? undefined : best;
}

/** A coding's weight from its parameters: 1 without `q`, 0 for a `q` that is no number from 0 to 1 (it cannot be trusted). */
function qValue(params: string[]): number {
  const q = params.map((p) => p.trim()).find((p) => /^q\s*=/i.test(p));
  if (q === undefined) return 1;
  const value = q.replace(/^q\s*=\s*/i, '');
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
}

function brotliOptions(quality: number, body: Buffer): zlib.BrotliOptions {
  return { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } };
}

/** `body` compressed at a moderate effort, at once: for a page compressed as it is first asked for. */
export function compressFast(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'gzip' ? zlib.gzipSync(body, { level: 6 }) : zlib.brotliCompressSync(body, brotliOptions(6, body));
}

const brotliAsync = promisify(zlib.brotliCompress);
const gzipAsync = promisify(zlib.gzip);

/**
 * `body` compressed as small as these codings go, on libuv's thread pool: for files made once (the theme,
 * the scripts), whose Brotli at the highest quality takes tens of milliseconds that the event loop need not wait.
 */
export function compressSmallest(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'gzip' ? gzipAsync(body, { level: 9 }) : brotliAsync(body, brotliOptions(zlib.constants.BROTLI_MAX_QUALITY, body));
}
