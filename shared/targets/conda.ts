import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * conda, mamba and micromamba (they read the same .condarc). Only the presets whose provider runs a verified
 * Anaconda mirror name it: Aliyun, Huawei and Tencent are not documented in the sources this catalog cites, and
 * USTC serves conda-forge and bioconda only.
 */
export const conda = defineTarget({
  id: 'conda',
  family: 'python',
  kind: 'conda',
  name: { en: 'conda (Anaconda, Miniconda, mamba)', 'zh-CN': 'conda（Anaconda、Miniconda、mamba）' },
  platforms: ALL_PLATFORMS,
  presets: { tuna: 'tuna', official: 'official' },
  profile: mirror,
});
