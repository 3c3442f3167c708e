import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText, stateFileChange } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { iniGet, iniSet } from '../edit/ini';
import { bypassesProxy } from '../profile/proxy';

import { processEnv } from './common';
import { pipTargetFile } from './pip';
import { writeFile } from './plan-helpers';

const SECTION = 'global';

/**
 * pip: `cert` and `proxy` in the [global] section of the file pip's mirror goes to. `cert` replaces pip's own CA
 * list, so it points at the combined bundle. pip has no no-proxy setting (and its `proxy` wins over NO_PROXY), so
 * when the mirror's host is in the profile's noProxy no proxy is written at all.
 */
export const pipCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const file = await pipTargetFile(ctx);
    const { before, text } = await plannedText(tp, file);
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    let after = text ?? '';
    const set = (key: string, value: string): void => {
      settings.push({
        key: `${SECTION}.${key}`,
        path: file,
        actual: before === null ? null : (iniGet(before, SECTION, key) ?? null),
        expected: value,
      });
      after = iniSet(after, SECTION, key, value, { eol });
    };
    try {
      if (wanted.ca) {
        changes.push(await stateFileChange(tp, wanted.ca.bundleFile));
        set('cert', wanted.ca.bundleFile.path);
        // requests takes these variables over pip's own `cert` (psf/requests#3829): say so, do not hide it.
        for (const name of ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']) {
          const value = processEnv(ctx, name);
          if (value) warnings.push({ code: 'corp.ca-env-shadow', params: { name, value, target: 'pip', key: 'cert' } });
        }
      }
      const proxy = wanted.proxy;
      const mirror = tp.after ? new URL(tp.after) : undefined;
      if (proxy && mirror && bypassesProxy(proxy.noProxy, mirror))
        warnings.push({ code: 'corp.mirror-direct', params: { target: 'pip', host: mirror.host } });
      else if (proxy) {
        set('proxy', proxy.https);
        if (proxy.noProxy.length > 0)
          warnings.push({ code: 'corp.no-proxy-list', params: { target: 'pip', proxy: proxy.https } });
      }
    } catch (e) {
      throw withPath(e, file);
    }
    changes.push(writeFile('pip', file, before, after));
    return { changes, warnings, settings };
  },
};
