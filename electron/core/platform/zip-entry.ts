import fs from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/**
 * One small file out of a zip archive (a jar): the central directory names it, its local header says where the
 * bytes start, and they are stored or deflated. Enough to read a jar's pom.properties without starting a JVM;
 * anything unusual (zip64, encryption, a large entry) is "not found", and the caller falls back.
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRY = 1 << 20;

async function readAt(fh: fs.FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  return buf.subarray(0, bytesRead);
}

export async function readZipEntry(file: string, name: string): Promise<Buffer | undefined> {
  const fh = await fs.open(file, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const size = (await fh.stat()).size;
    // The end record is 22 bytes plus a comment of at most 65,535.
    const tailStart = Math.max(0, size - 22 - 0xffff);
    const tail = await readAt(fh, tailStart, size - tailStart);
    let e = tail.length - 22;
    while (e >= 0 && tail.readUInt32LE(e) !== EOCD) e--;
    if (e < 0) return undefined;
    const cdSize = tail.readUInt32LE(e + 12);
    const cdOffset = tail.readUInt32LE(e + 16);
    if (cdOffset + cdSize > size) return undefined;
    const cd = await readAt(fh, cdOffset, cdSize);
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL;) {
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const plain = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const skip = nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      if (cd.toString('utf8', p + 46, p + 46 + nameLen) === name) {
        if (plain > MAX_ENTRY || compressed > MAX_ENTRY || (method !== 0 && method !== 8)) return undefined;
        const head = await readAt(fh, local, 30);
        if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) return undefined;
        const data = await readAt(fh, local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28), compressed);
        const out = method === 0 ? data : inflateRawSync(data, { maxOutputLength: MAX_ENTRY });
        return out.length === plain ? out : undefined;
      }
      p += 46 + skip;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
