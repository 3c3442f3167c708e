import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** uv reads neither pip.conf nor PIP_INDEX_URL: switching pip leaves a uv user on PyPI. Same mirrors as pip. */
export const uv = defineTarget({
  id: 'uv',
  family: 'python',
  kind: 'pypi',
  name: { en: 'uv (Python)', 'zh-CN': 'uv（Python）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
});
