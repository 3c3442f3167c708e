import type { Change, Message, Platform } from '../../../shared/types/core';
import { stateFileChange } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';

/** How to add a CA file to the system store Go reads, per OS (an administrator runs it). */
export function systemStoreCommand(platform: Platform, file: string): string {
  if (platform === 'win32') return `certutil -addstore -f Root "${file}"`;
  if (platform === 'darwin')
    return `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${file}"`;
  return `sudo cp "${file}" /usr/local/share/ca-certificates/mirrorkit-corporate.crt && sudo update-ca-certificates (Fedora, RHEL: sudo cp "${file}" /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust)`;
}

/**
 * Go has no CA setting of its own (the system store only: SSL_CERT_FILE is ignored on Windows, golang/go#37907)
 * and takes its proxy only from HTTPS_PROXY/NO_PROXY, which every program reads. MirrorKit writes neither; it
 * keeps a copy of the CA for the command it shows.
 */
export const goCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const changes: Change[] = [];
    const warnings: Message[] = [];
    if (wanted.ca) {
      changes.push(await stateFileChange(tp, wanted.ca.certsFile));
      warnings.push({
        code: 'corp.go-ca',
        params: { path: wanted.ca.certsFile.path, command: systemStoreCommand(ctx.platform, wanted.ca.certsFile.path) },
      });
    }
    if (wanted.proxy)
      warnings.push({
        code: 'corp.go-proxy',
        params: { proxy: wanted.proxy.https, noProxy: wanted.proxy.noProxy.join(',') || '-' },
      });
    return { changes, warnings, settings: [] };
  },
};
