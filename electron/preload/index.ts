/**
 * The sandboxed preload: the only code with ipcRenderer. It exposes `window.mirrorkit`, a task-shaped façade
 * (shared/ipc/bridge.ts), and never ipcRenderer itself or the IpcRendererEvent. Only the contract's channel
 * and event names can be used; main checks every argument again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { makeBridge } from '../../shared/ipc/bridge';
import { isChannel, isEventName } from '../../shared/ipc/channels';
import { fail, type Result } from '../../shared/ipc/result';

const api = makeBridge({
  invoke: (channel, args) =>
    isChannel(channel)
      ? (ipcRenderer.invoke(channel, args) as Promise<Result<unknown>>)
      : Promise.resolve(fail('app.error.unknown-channel')),
  subscribe: (event, cb) => {
    if (!isEventName(event)) return () => {};
    const listener = (_e: IpcRendererEvent, payload: unknown): void => cb(payload);
    ipcRenderer.on(event, listener);
    return () => {
      ipcRenderer.off(event, listener);
    };
  },
});

contextBridge.exposeInMainWorld('mirrorkit', api);
