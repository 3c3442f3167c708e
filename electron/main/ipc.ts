import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';

import { CHANNELS, EVENTS } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/result';

import type { Binding } from './binding';
import { isTrustedSender } from './guards';

/**
 * Serve the bound contract over ipcMain: one handler per channel, each checking the sender before the
 * binding validates the argument. Events from the core go to our window only.
 */
export function registerIpc(
  binding: Binding,
  getWindow: () => BrowserWindow | undefined,
  log: (line: string) => void,
): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = getWindow();
    const frame = event.senderFrame;
    return isTrustedSender({
      frameUrl: frame?.url ?? null,
      isMainFrame: frame !== null && win !== undefined && frame === win.webContents.mainFrame,
      fromMainWindow: win !== undefined && event.sender === win.webContents,
    });
  };

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, raw: unknown) => {
      if (!trusted(event)) {
        log(`refused ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
        return fail('app.error.untrusted-sender');
      }
      return binding.invoke(channel, raw);
    });
  }

  for (const name of EVENTS) {
    binding.subscribe(name, (payload) => {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send(name, payload);
    });
  }
}
