import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** PDM reads neither pip.conf nor PIP_INDEX_URL; its own `pypi.url`, with the same mirrors as pip. */
export const pdm = defineTarget({
  id: 'pdm',
  family: 'python',
  kind: 'pypi',
  name: { en: 'PDM (Python)', 'zh-CN': 'PDM（Python）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
});
