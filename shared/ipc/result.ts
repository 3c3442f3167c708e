import type { Message } from '../types/core';

/**
 * What every IPC call returns. Thrown errors lose everything but `message` when they cross Electron's `invoke`,
 * so main never throws across the boundary: a failure is data, a translatable Message the renderer shows in the
 * user's language.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: Message };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, params?: Message['params']): Result<T> {
  return { ok: false, error: params ? { code, params } : { code } };
}
