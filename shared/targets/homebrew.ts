import { mirror } from '../profile/fields';

import { defineTarget } from './define';

/**
 * Homebrew (macOS, Linux and Linuxbrew in WSL; not Windows) reads environment variables: HOMEBREW_API_DOMAIN
 * (the formula API) and, from the catalog entry, the bottle domain, the brew/core git remotes and the pip index
 * its Python formulae use, each as the provider's help page documents it (targets-wave2 §19).
 */
export const homebrew = defineTarget({
  id: 'homebrew',
  family: 'systems',
  kind: 'homebrew',
  name: { en: 'Homebrew', 'zh-CN': 'Homebrew' },
  platforms: ['linux', 'darwin'],
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'homebrew.new-shells':
        'The HOMEBREW_* variables are set for new terminals; run brew from a new terminal (`brew config` lists them).',
      'homebrew.not-served':
        'This mirror’s help page documents no {names}: removed, so brew uses its default for them.',
      'homebrew.untouched':
        'The catalog does not know this mirror, so it cannot tell its other addresses: only HOMEBREW_API_DOMAIN is set; {names} are left as they are.',
      'homebrew.env-file-wins':
        '{file} sets {name}: brew reads that file after the shell’s variables, so its value stays in effect. Edit or remove the line.',
      'homebrew.windows':
        'Homebrew runs on macOS and Linux only. On Windows, run MirrorKit inside the WSL distribution where Homebrew is installed.',
    },
    'zh-CN': {
      'homebrew.new-shells': 'HOMEBREW_* 变量对新打开的终端生效；请在新终端中运行 brew（`brew config` 会列出它们）。',
      'homebrew.not-served': '此镜像的帮助页面未给出 {names}：已将其移除，brew 对它们使用默认值。',
      'homebrew.untouched':
        '镜像目录中没有此镜像，无法得知它的其他地址：只设置 HOMEBREW_API_DOMAIN；{names} 保持不变。',
      'homebrew.env-file-wins':
        '{file} 设置了 {name}：brew 在读取终端变量之后读取该文件，所以该文件中的值仍然生效。请修改或删除这一行。',
      'homebrew.windows':
        'Homebrew 只能在 macOS 和 Linux 上运行。在 Windows 上，请在安装了 Homebrew 的 WSL 发行版中运行 MirrorKit。',
    },
  },
});
