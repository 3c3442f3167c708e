import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText, stateFileChange } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { tomlGet, tomlSet, type TomlUpdate } from '../edit/toml';
import { bypassesProxy } from '../profile/proxy';

import { cargoConfigFile } from './cargo';
import { writeFile } from './plan-helpers';

/** Where cargo downloads from: its mirror (sparse+https://…), else crates.io's index. */
function registryHost(after: string | null): URL {
  return new URL((after ?? 'https://index.crates.io/').replace(/^sparse\+/, ''));
}

/**
 * cargo: `[http] cainfo` and `[http] proxy` in $CARGO_HOME/config.toml. `cainfo` replaces the system list, so it
 * points at the combined bundle. cargo has no no-proxy setting: when its registry's host is in noProxy no proxy
 * is written (libcurl still reads a NO_PROXY variable).
 */
export const cargoCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const file = await cargoConfigFile(ctx);
    const { before, text } = await plannedText(tp, file);
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    const updates: TomlUpdate[] = [];
    let after: string;
    try {
      const now = (key: string): string | null => {
        const v = before === null ? undefined : tomlGet(before, ['http', key]);
        return typeof v === 'string' ? v : null;
      };
      const set = (key: string, value: string): void => {
        settings.push({ key: `http.${key}`, path: file, actual: now(key), expected: value });
        updates.push({ path: ['http', key], value });
      };
      if (wanted.ca) {
        changes.push(await stateFileChange(tp, wanted.ca.bundleFile));
        set('cainfo', wanted.ca.bundleFile.path);
      }
      const proxy = wanted.proxy;
      const host = registryHost(tp.after);
      if (proxy && bypassesProxy(proxy.noProxy, host))
        warnings.push({ code: 'corp.mirror-direct', params: { target: 'cargo', host: host.host } });
      else if (proxy) {
        set('proxy', proxy.https);
        if (proxy.noProxy.length > 0)
          warnings.push({ code: 'corp.no-proxy-list', params: { target: 'cargo', proxy: proxy.https } });
      }
      after = tomlSet(text ?? '', updates, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
    } catch (e) {
      throw withPath(e, file);
    }
    changes.push(writeFile('cargo', file, before, after));
    return { changes, warnings, settings };
  },
};
