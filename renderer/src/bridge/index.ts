import { makeBridge, type MirrorKitBridge } from '../../../shared/ipc/bridge';

import { httpTransport } from './http';

declare global {
  interface Window {
    /** Provided by the preload in the desktop app; absent in a browser, where the harness transport is used. */
    mirrorkit?: MirrorKitBridge;
  }
}

let bridge: MirrorKitBridge | undefined;

/** The one way the renderer reaches the core. */
export function api(): MirrorKitBridge {
  bridge ??= window.mirrorkit ?? makeBridge(httpTransport(new URL('./', window.location.href)));
  return bridge;
}
