import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * Electron's binaries, as `@electron/get` downloads them when `npm install` runs electron's install script
 * (ELECTRON_MIRROR, targets-wave2 §5), and with them the binary downloads of other npm packages the same
 * provider serves (SASS_BINARY_SITE, PUPPETEER_DOWNLOAD_BASE_URL …: the catalog entry's `env`). npmmirror is
 * run by Alibaba and is the only mirror of Electron releases found; TUNA and USTC run none, so their presets
 * use it as they do for npm.
 */
export const electron = defineTarget({
  id: 'electron',
  family: 'sdks',
  kind: 'electron',
  name: { en: 'Electron and npm binary downloads', 'zh-CN': 'Electron 与 npm 包的二进制下载' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'npmmirror', tuna: 'npmmirror', ustc: 'npmmirror', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'electron.new-shells':
        'ELECTRON_MIRROR and the other binary mirrors are set for new terminals; run `npm install` again from a new terminal (or restart the editor that runs it).',
      'electron.var-add': '{name}: (not set) → {value}',
      'electron.var-change': '{name}: {before} → {after}',
      'electron.var-remove': '{name}: {before} → (removed)',
      'electron.custom-only':
        'This mirror is not in the catalog: only ELECTRON_MIRROR is set; the other binary mirrors ({names}) are left as they are.',
      'electron.npm-layer-wins':
        '{where} sets electron_mirror = {value}. npm hands it to install scripts as npm_config_electron_mirror, and `@electron/get` reads that before ELECTRON_MIRROR: under `npm install` it wins. Remove it (or set it to the same mirror).',
      'electron.no-slash':
        'The Electron mirror {value} does not end with "/": `@electron/get` appends the version directly, so downloads go to a wrong address.',
    },
    'zh-CN': {
      'electron.new-shells':
        'ELECTRON_MIRROR 及其他二进制镜像对新打开的终端生效；请在新终端中重新运行 `npm install`（或重启运行它的编辑器）。',
      'electron.var-add': '{name}：（未设置）→ {value}',
      'electron.var-change': '{name}：{before} → {after}',
      'electron.var-remove': '{name}：{before} →（删除）',
      'electron.custom-only': '该镜像不在目录中：只设置 ELECTRON_MIRROR；其他二进制镜像（{names}）保持不变。',
      'electron.npm-layer-wins':
        '{where} 设置了 electron_mirror = {value}。npm 会以 npm_config_electron_mirror 的形式把它传给安装脚本，`@electron/get` 先读它、后读 ELECTRON_MIRROR：在 `npm install` 中它优先生效。请删除它（或改为同一镜像）。',
      'electron.no-slash':
        'Electron 镜像 {value} 不以“/”结尾：`@electron/get` 会直接在其后拼接版本号，下载地址因此出错。',
    },
  },
});
