import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * NuGet (.NET): the user NuGet.Config's `nuget.org` package source points at a mirror's v3 service index
 * (targets-wave2 §13). Only Huawei Cloud is documented to serve one (a caching proxy of api.nuget.org); Tencent's
 * and Azure China's NuGet addresses are unverified and chsrc's are wrong, so no other preset names NuGet.
 */
export const nuget = defineTarget({
  id: 'nuget',
  family: 'other-languages',
  kind: 'nuget',
  name: { en: 'NuGet (.NET)', 'zh-CN': 'NuGet（.NET）' },
  platforms: ALL_PLATFORMS,
  presets: { huawei: 'huawei', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'nuget.source-disabled':
        '{path} disables the nuget.org source (`disabledPackageSources`): NuGet does not use it, whatever it points at, until it is enabled again (`dotnet nuget enable source nuget.org`).',
    },
    'zh-CN': {
      'nuget.source-disabled':
        '{path} 在 `disabledPackageSources` 中停用了 nuget.org 源：无论它指向哪里，NuGet 都不会使用它，直到重新启用（`dotnet nuget enable source nuget.org`）。',
    },
  },
});
