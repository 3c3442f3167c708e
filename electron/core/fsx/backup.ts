import fs from 'node:fs/promises';
import path from 'node:path';

import { atomicWrite } from './atomic';
import { isApplyId, ManifestSchema, newestFirst, type Manifest } from './manifest';

export function appliesDir(stateDir: string): string {
  return path.join(stateDir, 'applies');
}

/**
 * The backup folder of one apply: `files/<n>` hold the originals byte for byte, `conflicts/` the copies that
 * restore found changed by someone else, `manifest.json` the journal record.
 */
export class BackupStore {
  private constructor(
    readonly id: string,
    readonly dir: string,
  ) {}

  /** A new, empty folder; fails (EEXIST) rather than mixing two applies that drew the same id. */
  static async create(stateDir: string, id: string): Promise<BackupStore> {
    const root = appliesDir(stateDir);
    await fs.mkdir(root, { recursive: true });
    const dir = path.join(root, id);
    await fs.mkdir(dir);
    await fs.mkdir(path.join(dir, 'files'));
    return new BackupStore(id, dir);
  }

  static open(stateDir: string, id: string): BackupStore {
    if (!isApplyId(id)) throw new Error(`not an apply id: ${id}`);
    return new BackupStore(id, path.join(appliesDir(stateDir), id));
  }

  /** Keep the original bytes of a file; returns the manifest's `backup` reference. */
  async saveOriginal(n: number, bytes: Buffer): Promise<string> {
    const rel = `files/${n}`;
    await atomicWrite(path.join(this.dir, 'files', String(n)), bytes, { mode: 0o600 });
    return rel;
  }

  async readOriginal(rel: string): Promise<Buffer> {
    if (!/^files\/\d+$/.test(rel)) throw new Error(`bad backup reference: ${rel}`);
    return fs.readFile(path.join(this.dir, ...rel.split('/')));
  }

  /** Save a copy that is about to be overwritten by restore; returns where it went. */
  async keepConflict(name: string, bytes: string | Buffer): Promise<string> {
    const dir = path.join(this.dir, 'conflicts');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${Date.now()}-${name.replace(/[^\w.-]/g, '_')}`);
    await atomicWrite(file, bytes, { mode: 0o600 });
    return file;
  }

  async writeManifest(m: Manifest): Promise<void> {
    await atomicWrite(path.join(this.dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n', { mode: 0o600 });
  }

  async readManifest(): Promise<Manifest> {
    const text = await fs.readFile(path.join(this.dir, 'manifest.json'), 'utf8');
    const m = ManifestSchema.parse(JSON.parse(text));
    if (m.id !== this.id) throw new Error(`manifest of ${this.dir} names another apply (${m.id})`);
    return m;
  }
}

/**
 * Every readable manifest, newest first. A folder without a valid manifest (an apply that crashed before
 * writing it, or a damaged file) is left out rather than failing the whole history.
 */
export async function listManifests(stateDir: string): Promise<Manifest[]> {
  let names: string[];
  try {
    names = await fs.readdir(appliesDir(stateDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const read = await Promise.all(
    names.filter(isApplyId).map((id) =>
      BackupStore.open(stateDir, id)
        .readManifest()
        .catch(() => null),
    ),
  );
  return read.filter((m): m is Manifest => m !== null).sort(newestFirst);
}
