import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * Node.js itself, as version managers download it: nvm-windows (`settings.txt`), nvm (`NVM_NODEJS_ORG_MIRROR`),
 * fnm (`FNM_NODE_DIST_MIRROR`), Volta (`hooks.json`), and node-gyp's headers (`NODEJS_ORG_MIRROR`). All of them
 * read the layout of nodejs.org/dist (index.json, v<version>/…).
 */
export const node = defineTarget({
  id: 'node',
  family: 'javascript',
  kind: 'node-dist',
  name: { en: 'Node.js (nvm, fnm, Volta)', 'zh-CN': 'Node.js（nvm、fnm、Volta）' },
  platforms: ALL_PLATFORMS,
  // Aliyun's own preset takes npmmirror (Alibaba runs it), as it does for npm.
  presets: {
    aliyun: 'npmmirror',
    tuna: 'tuna',
    ustc: 'ustc',
    huawei: 'huawei',
    tencent: 'tencent',
    official: 'official',
  },
  profile: mirror,
  messages: {
    en: {
      'node.new-shells':
        'The Node.js mirror variables are set for new terminals; open a new one before running nvm, fnm or npm.',
      'node.nvm-rejects':
        'nvm accepts only a URL of letters, digits, dots, slashes, dashes and underscores (no port): it will refuse {url}.',
      'node.no-npm-mirror':
        'nvm-windows downloads npm from its npm_mirror, and {provider} has none: npm_mirror is left as it is ({value}).',
      'node.no-manager':
        'No Node.js version manager found (nvm-windows, nvm, fnm, Volta): only NODEJS_ORG_MIRROR, which node-gyp reads, is set.',
    },
    'zh-CN': {
      'node.new-shells': 'Node.js 镜像变量对新打开的终端生效；请先打开新终端，再运行 nvm、fnm 或 npm。',
      'node.nvm-rejects': 'nvm 只接受由字母、数字、点、斜杠、短横线和下划线组成的 URL（不能带端口）：它会拒绝 {url}。',
      'node.no-npm-mirror':
        'nvm-windows 从其 npm_mirror 下载 npm，而 {provider} 没有该镜像：npm_mirror 保持不变（{value}）。',
      'node.no-manager':
        '未找到 Node.js 版本管理器（nvm-windows、nvm、fnm、Volta）：只设置 node-gyp 读取的 NODEJS_ORG_MIRROR。',
    },
  },
});
