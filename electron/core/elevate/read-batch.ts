import type { Message } from '../../../shared/types/core';
import { sha256 } from '../fsx/hash';

import { readNoFollow } from './no-follow';

/**
 * The helper's one read of the batch the user staged (in the user's own folder, which the user controls): the
 * name must not be a link, the handle is checked to be the file named (no-follow.ts), the bytes are read once
 * into memory, and the hash and the parse use those same bytes, so nothing can change between the check and
 * the use and the file is never opened again. A batch is a few kilobytes; more than MAX_BATCH_BYTES is refused
 * unread.
 */
export const MAX_BATCH_BYTES = 1024 * 1024;

export type BatchRead = { doc: unknown; error?: undefined } | { error: Message; doc?: undefined };

export async function readBatchOnce(batchPath: string, expected: string): Promise<BatchRead> {
  if (!/^[0-9a-f]{64}$/i.test(expected))
    return { error: { code: 'windows.batch-tampered', params: { path: batchPath } } };
  let bytes: Buffer;
  try {
    bytes = await readNoFollow(batchPath, MAX_BATCH_BYTES);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { error: { code: 'windows.batch-unreadable', params: { path: batchPath, reason } } };
  }
  if (sha256(bytes) !== expected.toLowerCase())
    return { error: { code: 'windows.batch-tampered', params: { path: batchPath } } };
  try {
    return { doc: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (e) {
    return {
      error: { code: 'windows.batch-malformed', params: { reason: e instanceof Error ? e.message : String(e) } },
    };
  }
}
