import { dialog, type BrowserWindow } from 'electron';

import { t } from '../../shared/i18n';
import type { Lang } from '../../shared/types/core';

/**
 * The system's folder dialog for a Poetry project, over the app's window (modal to it), titled in the page's
 * language. Only main opens it: what it returns is what the user chose, not what a page says.
 */
export function folderDialog(getWindow: () => BrowserWindow | undefined, osLang: Lang) {
  return async (lang: Lang | undefined): Promise<string | null> => {
    const options = {
      title: t(lang ?? osLang, 'app.project.dialog-title'),
      properties: ['openDirectory' as const, 'dontAddToRecent' as const],
    };
    const win = getWindow();
    const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
