import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** huggingface_hub (and transformers, datasets, diffusers through it) reads HF_ENDPOINT, once, at import. */
export const huggingface = defineTarget({
  id: 'huggingface',
  family: 'sdks',
  kind: 'hf',
  name: { en: 'Hugging Face', 'zh-CN': 'Hugging Face' },
  platforms: ALL_PLATFORMS,
  // No cloud or university operator of the presets runs a Hub mirror; hf-mirror.com is a community one.
  presets: { official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'hf.new-shells':
        'HF_ENDPOINT is set for new terminals and programs started from them; restart running Python sessions and notebooks.',
    },
    'zh-CN': {
      'hf.new-shells': 'HF_ENDPOINT 对新打开的终端及其启动的程序生效；请重启正在运行的 Python 会话和 Notebook。',
    },
  },
});
