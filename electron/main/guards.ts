import path from 'node:path';

/**
 * Pure decisions behind the main process's trust boundaries, kept apart from Electron so they can be tested
 * with hostile input. See https://www.electronjs.org/docs/latest/tutorial/security (items 13, 14, 17, 18).
 */

/** The renderer is served from this custom scheme, never from file:// (which would give it every local file). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mirrorkit';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Is this URL one of our own pages? Anything else is remote content, which the window never loads. */
export function isAppUrl(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** A link the user may open in their browser: https only, no credentials. */
export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && !u.username && !u.password && u.hostname !== '';
  } catch {
    return false;
  }
}

export interface SenderFacts {
  /** The frame that sent the message; null once it navigated away or was destroyed. */
  frameUrl: string | null;
  isMainFrame: boolean;
  /** The sender is our main window's webContents. */
  fromMainWindow: boolean;
}

/**
 * Only our window's main frame, showing our own page, may call the core. A subframe or any other
 * webContents (there should be none; this is defence in depth) is refused. Electron's senderFrame can be null.
 */
export function isTrustedSender(s: SenderFacts): boolean {
  return s.fromMainWindow && s.isMainFrame && s.frameUrl !== null && isAppUrl(s.frameUrl);
}

/**
 * The file an app:// URL names inside the renderer folder, or null when it points outside it (`..`, encoded
 * separators, absolute paths) or is not ours at all.
 */
export function resolveAppPath(root: string, rawUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host.toLowerCase() !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  rel = rel.replace(/^\/+/, '') || 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  return file.startsWith(base + path.sep) ? file : null;
}

export interface ExternalOpenDeps {
  /** Ask the user (a native dialog showing the address); true only on an explicit "Open". */
  confirm: (url: string) => Promise<boolean>;
  open: (url: string) => Promise<void>;
  log: (line: string) => void;
}

/**
 * A link out of the app goes to the user's browser only if it is a safe https address and the user, shown
 * that address, agreed: a page cannot send them anywhere on its own.
 */
export async function openExternalAfterConfirm(url: string, deps: ExternalOpenDeps): Promise<boolean> {
  if (!isSafeExternalUrl(url)) {
    deps.log(`refused to open ${url.slice(0, 200)}`);
    return false;
  }
  if (!(await deps.confirm(url).catch(() => false))) return false;
  await deps.open(url);
  return true;
}
