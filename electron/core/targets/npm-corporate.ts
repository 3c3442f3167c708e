import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText, stateFileChange } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { npmrcGet, npmrcSet } from '../edit/npmrc';

import { npmUserConfig } from './npm';
import { writeFile } from './plan-helpers';

/**
 * npm: `cafile`, `proxy`, `https-proxy` and `noproxy` in the user's .npmrc. `cafile` replaces npm's CA list, so
 * it points at the combined bundle. NODE_EXTRA_CA_CERTS, for the Node-based tools that do not read it, is
 * planned once for all of them (corporate/node-extra-ca.ts).
 */
export const npmCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const file = npmUserConfig(ctx);
    const { before, text } = await plannedText(tp, file);
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    let after = text ?? '';
    const set = (key: string, value: string): void => {
      settings.push({
        key,
        path: file,
        actual: before === null ? null : (npmrcGet(before, key) ?? null),
        expected: value,
      });
      after = npmrcSet(after, key, value, { eol });
    };
    try {
      if (wanted.ca) {
        changes.push(await stateFileChange(tp, wanted.ca.bundleFile));
        set('cafile', wanted.ca.bundleFile.path);
      }
      if (wanted.proxy) {
        set('proxy', wanted.proxy.http);
        set('https-proxy', wanted.proxy.https);
        if (wanted.proxy.noProxy.length > 0) set('noproxy', wanted.proxy.noProxy.join(','));
      }
    } catch (e) {
      throw withPath(e, file);
    }
    changes.push(writeFile('npm', file, before, after));
    return { changes, warnings, settings };
  },
};
