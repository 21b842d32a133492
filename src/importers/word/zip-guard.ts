/**
 * A .docx is a zip archive, and a zip archive can lie: a few kilobytes that inflate to gigabytes (a zip bomb),
 * thousands of entries, sizes in its directory smaller than what its data inflates to, encryption. The archive is
 * read here, by its central directory and then entry by entry with an inflater that stops at the size the directory
 * declares, BEFORE any library (jszip, mammoth) is given it: those inflate whole entries into memory and trust the
 * directory. Only what passes is handed on.
 */
import { createInflateRaw } from 'node:zlib';
import { invalid, tooLarge, unsupported } from '../../core/refusals.ts';

export interface ZipLimits {
  /** Files in the archive: a long document with many images has a few hundred. */
  maxEntries: number;
  /** All entries inflated together. */
  maxTotalBytes: number;
  /** How much larger than its compressed data one large entry may inflate (XML inflates 5-20×; a bomb, 1000×). */
  maxRatio: number;
  /** Entries smaller than this are not held to the ratio (a small, very regular XML part compresses very well). */
  ratioFloorBytes: number;
  /**
   * Parts read whole as text (XML): each is held in memory several times over (as bytes, as a string, as
   * mammoth's tree), so each is held to this size, whatever the ratio allows.
   */
  maxTextPartBytes?: number;
  textParts?: RegExp;
  /** Pictures (a document's `word/media/…`): each becomes an upload of its own. */
  maxImages?: number;
  images?: RegExp;
}

/**
 * A long report is a few MB of XML; 25 MB is far beyond any article's 200,000 characters. The total leaves room
 * for 100 pictures of a usual size.
 */
export const docxZipLimits: ZipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 60 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxTextPartBytes: 25 * 1024 * 1024,
  textParts: /\.(?:xml|rels)$/i,
  maxImages: 100,
  images: /^word\/media\/[^/]+$/,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const endOfDirectory = 0x06054b50;
const directoryEntry = 0x02014b50;
const localHeader = 0x04034b50;

/** The first bytes of an OLE compound file: an encrypted Office document, or a Word 97-2003 .doc. */
const compoundFile = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const notAZip = () => unsupported('is not a Word document (.docx): it is not the zip package a .docx is', 'file');
const damaged = () => invalid('is a damaged .docx: its zip package cannot be read', 'file');

/** The archive's entries, each checked against the limits and inflated once to prove its size; refusals name the file. */
export async function checkZip(bytes: Buffer, limits: ZipLimits = docxZipLimits): Promise<ZipEntry[]> {
  if (bytes.length === 0) throw invalid('is empty', 'file');
  if (bytes.subarray(0, 8).equals(compoundFile)) {
    throw unsupported('is a password-protected Word document or an old Word 97-2003 .doc: remove the password, or save it as .docx, and import that copy', 'file');
  }
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== localHeader) throw notAZip();
  const entries = readDirectory(bytes, limits);
  const images = limits.images ? entries.filter((e) => limits.images!.test(e.name)).length : 0;
  if (limits.maxImages !== undefined && images > limits.maxImages) {
    throw tooLarge(`holds ${images} images: more than the ${limits.maxImages} one import takes. Import the document in parts, or add some images afterwards with Insert figure`, 'file');
  }
  let total = 0;
  for (const entry of entries) {
    if (limits.maxTextPartBytes !== undefined && limits.textParts?.test(entry.name) && entry.size > limits.maxTextPartBytes) {
      throw tooLarge(
        `holds ${entry.name}, which unpacks to ${Math.round(entry.size / 1024 / 1024)} MB: more than the ${limits.maxTextPartBytes / 1024 / 1024} MB a part of a document may have`,
        'file',
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes)
      throw tooLarge(`unpacks to more than ${limits.maxTotalBytes / 1024 / 1024} MB: too large to import (a compressed archive that expands this much is refused)`, 'file');
  }
  for (const entry of entries) {
    if (entry.size > limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) {
      throw tooLarge(`holds ${entry.name}, which expands ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times: refused as a possible zip bomb`, 'file');
    }
  }
  for (const entry of entries) await proveSize(bytes, entry);
  return entries;
}

function readDirectory(bytes: Buffer, limits: ZipLimits): ZipEntry[] {
  const end = findEndOfDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  // ZIP64 marks: no document within our limits needs them.
  if (count === 0xffff || directoryOffset === 0xffffffff) throw tooLarge('is a ZIP64 archive: too large to import', 'file');
  if (count > limits.maxEntries) throw tooLarge(`holds ${count} files: more than the ${limits.maxEntries} a document may have`, 'file');
  if (directoryOffset + directorySize > end) throw damaged();
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== directoryEntry) throw damaged();
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localHeaderOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (flags & 0x1) throw unsupported('is encrypted: remove the password in Word, save, and import that copy', 'file');
    if (method !== 0 && method !== 8) throw unsupported(`uses a compression Word does not write (method ${method})`, 'file');
    if (compressedSize === 0xffffffff || size === 0xffffffff) throw tooLarge('is a ZIP64 archive: too large to import', 'file');
    if (method === 0 && compressedSize !== size) throw damaged();
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The end-of-directory record: in the last 22 bytes, or up to 64 KB earlier when the archive has a comment. */
function findEndOfDirectory(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === endOfDirectory) return at;
  }
  throw notAZip();
}

/**
 * Inflates an entry with a ceiling at its declared size: data that inflates to more (a lying directory) is refused.
 * The inflated bytes are counted and dropped as they come (jszip and mammoth inflate what they read themselves):
 * proving a 25 MB part holds one chunk of it in memory, not the whole.
 */
async function proveSize(bytes: Buffer, entry: ZipEntry): Promise<void> {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== localHeader) throw damaged();
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) throw damaged();
  if (entry.method === 0) return;
  const data = bytes.subarray(start, start + entry.compressedSize);
  let length: number;
  try {
    length = await inflatedLength(data, entry.size);
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge(`holds ${entry.name}, which expands to more than its archive says: refused as a possible zip bomb`, 'file');
    throw damaged();
  }
  if (length !== entry.size) throw damaged();
}

/** How many bytes `data` inflates to; a RangeError as soon as it passes `ceiling`. */
function inflatedLength(data: Buffer, ceiling: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let length = 0;
    inflater.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > ceiling) {
        inflater.destroy();
        reject(new RangeError('inflates past its declared size'));
      }
    });
    inflater.on('end', () => resolve(length));
    inflater.on('error', reject);
    inflater.end(data);
  });
}
