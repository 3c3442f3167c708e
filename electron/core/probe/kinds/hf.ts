import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'api/models/openai-community/gpt2';

/**
 * The Hugging Face Hub API: a model's JSON (`id`, `sha`). No freshness check (a model's `lastModified` is not a
 * version the ranking compares). Throughput: a file of that model through `resolve/`, the path huggingface_hub
 * downloads from.
 */
export const hf: KindSpec = {
  h2: false,
  profile: { bytes: 10 * MB, requests: 3 },
  async check(fetch, base, probe) {
    const path = probe ?? DEFAULT_PROBE;
    const res = await fetch(under(base, path), { headers: { accept: 'application/json' } });
    requireStatus(res);
    let model: { id?: unknown; sha?: unknown };
    try {
      model = JSON.parse(res.text) as typeof model;
    } catch {
      throw wrongProtocol('model JSON');
    }
    if (typeof model.id !== 'string' || typeof model.sha !== 'string') throw wrongProtocol('model JSON');
    return { throughputUrl: under(base, `${model.id}/resolve/main/config.json`) };
  },
};
