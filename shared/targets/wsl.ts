import { mirror } from '../profile/fields';

import { apt } from './apt';
import { defineTarget } from './define';

/**
 * apt inside each WSL distro, from Windows: the same sources files, mirrors and presets as the `apt` target,
 * reached as root through `wsl.exe -d <distro> -u root --exec …`. Debian and Ubuntu distros are handled; others
 * are listed and left alone.
 */
export const wsl = defineTarget({
  id: 'wsl',
  family: 'systems',
  kind: 'apt',
  name: { en: 'WSL distros (apt)', 'zh-CN': 'WSL 发行版（apt）' },
  platforms: ['win32'],
  presets: apt.presets,
  profile: mirror,
  messages: {
    en: {
      'wsl.not-found': 'wsl.exe was not found at {path}: WSL is not installed, so there is no distro to change.',
      'wsl.list-failed': '`wsl.exe -l -q` did not list the WSL distros: {reason}. No distro was changed.',
      'wsl.no-apt-distro': 'No WSL distro runs Debian or Ubuntu: there are no apt sources to change.',
      'wsl.bad-name':
        'WSL distro {distro} was skipped: MirrorKit passes to wsl.exe only names made of letters, digits, ".", "_" and "-".',
      'wsl.bad-path': 'WSL distro {distro}: the path {path} was refused (only plain absolute paths are passed on).',
      'wsl.not-apt': 'WSL distro {distro} ({os}) does not use apt: it was left alone.',
      'wsl.not-running':
        'WSL distro {distro} is not running: its sources were not read, so as not to start it (an apply reads and changes them).',
      'wsl.failed':
        'WSL distro {distro}: `{command}` failed: {reason}. This distro was not changed; the other distros proceed.',
      'wsl.link-dangling':
        'WSL distro {distro}: {path} is a symbolic link to {target}, which leads to no file (a dangling link or a loop). Nothing in this distro was changed; repair or remove the link and try again.',
      'wsl.link-outside':
        'WSL distro {distro}: {path} is a symbolic link to {target}, outside {root}. MirrorKit writes only apt’s own files there, so nothing in this distro was changed; make it a plain file or point it into {root}.',
    },
    'zh-CN': {
      'wsl.not-found': '在 {path} 未找到 wsl.exe：未安装 WSL，没有可修改的发行版。',
      'wsl.list-failed': '`wsl.exe -l -q` 未能列出 WSL 发行版：{reason}。未修改任何发行版。',
      'wsl.no-apt-distro': '没有运行 Debian 或 Ubuntu 的 WSL 发行版：没有需要修改的 apt 软件源。',
      'wsl.bad-name': '已跳过 WSL 发行版 {distro}：MirrorKit 只把由字母、数字、“.”、“_”和“-”组成的名称传给 wsl.exe。',
      'wsl.bad-path': 'WSL 发行版 {distro}：已拒绝路径 {path}（只传递普通的绝对路径）。',
      'wsl.not-apt': 'WSL 发行版 {distro}（{os}）不使用 apt：保持不变。',
      'wsl.not-running': 'WSL 发行版 {distro} 未在运行：为免启动它，未读取其软件源（应用时会读取并修改）。',
      'wsl.failed': 'WSL 发行版 {distro}：`{command}` 执行失败：{reason}。该发行版未作更改，其他发行版照常处理。',
      'wsl.link-dangling':
        'WSL 发行版 {distro}：{path} 是指向 {target} 的符号链接，但它不通向任何文件（悬空链接或循环链接）。该发行版中的内容均未更改；请修复或删除该链接后重试。',
      'wsl.link-outside':
        'WSL 发行版 {distro}：{path} 是指向 {target} 的符号链接，位于 {root} 之外。MirrorKit 在发行版中只写 apt 自己的文件，因此该发行版中的内容均未更改；请将其改为普通文件，或让它指向 {root} 内的文件。',
    },
  },
});
