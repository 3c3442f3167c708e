import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/** Longer than any folder a file dialog returns: a longer "path" from a page is not one. */
export const MAX_PROJECT_PATH = 4096;

/**
 * Poetry has no user-level index setting: its sources are per project, `[[tool.poetry.source]]` in the
 * project's pyproject.toml. So a preset or a profile leaves it alone and says how to ask for it, unless a
 * project was named: `mirrorkit set poetry MIRROR --project DIR`, or the folder picked on the wizard's Choose
 * step (the plan request's `extras`), carried as the choice's `project` extra.
 */
export const poetry = defineTarget({
  id: 'poetry',
  family: 'python',
  kind: 'pypi',
  name: { en: 'Poetry (Python, per project)', 'zh-CN': 'Poetry（Python，按项目）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', tuna: 'tuna', ustc: 'ustc', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
  messages: {
    en: {
      'poetry.per-project':
        "Poetry's mirror is set per project: choose the project folder on the wizard's Choose step, or run mirrorkit set poetry <mirror> --project <folder>",
      'poetry.project-not-absolute': 'The project folder must be an absolute path: {path}',
      'poetry.project-path-odd': 'The project folder path contains control or invisible characters: {path}',
      'poetry.project-path-dots': 'The project folder path must not contain "." or ".." parts: {path}',
      'poetry.project-path-device': 'The project folder must be an ordinary path, not a device path: {path}',
      'poetry.project-missing': 'The project folder {path} does not exist or is not a folder.',
      'poetry.no-pyproject': 'There is no pyproject.toml in {path}: Poetry has no project there.',
      'poetry.not-poetry-project':
        '{path} has neither a [tool.poetry] table nor a [project] table built by poetry-core: Poetry does not manage this project.',
      'poetry.project-flag-other-target': '--project applies only to poetry (not to {target}).',
      'poetry.lock-records-sources':
        '{path} records the sources the packages came from: run `poetry lock` in the project so the lock file names the mirror.',
      'poetry.other-primary':
        'The source "{name}" in {path} is primary too: Poetry asks both, so packages may still come from it. Make it `priority = "supplemental"` (or remove it) if the mirror should serve this project.',
      'poetry.verify-no-project': 'Not checked: Poetry has no user-level source, and this plan names no project.',
    },
    'zh-CN': {
      'poetry.per-project':
        'Poetry 的镜像按项目设置：请在向导的“选择镜像”步骤中选择项目文件夹，或运行 `mirrorkit set poetry <镜像> --project <文件夹>`',
      'poetry.project-not-absolute': '项目文件夹必须是绝对路径：{path}',
      'poetry.project-path-odd': '项目文件夹路径含有控制字符或不可见字符：{path}',
      'poetry.project-path-dots': '项目文件夹路径不能含有“.”或“..”部分：{path}',
      'poetry.project-path-device': '项目文件夹必须是普通路径，不能是设备路径：{path}',
      'poetry.project-missing': '项目文件夹 {path} 不存在或不是文件夹。',
      'poetry.no-pyproject': '{path} 中没有 pyproject.toml：那里没有 Poetry 项目。',
      'poetry.not-poetry-project':
        '{path} 既没有 `[tool.poetry]` 表，也没有由 `poetry-core` 构建的 `[project]` 表：该项目不由 Poetry 管理。',
      'poetry.project-flag-other-target': '--project 只适用于 poetry（不适用于 {target}）。',
      'poetry.lock-records-sources':
        '{path} 记录了软件包来自哪个源：请在项目中运行 `poetry lock`，让锁文件改用该镜像。',
      'poetry.other-primary':
        '{path} 中的源“{name}”也是 `primary`：Poetry 会同时询问两者，软件包仍可能来自它。若要由该镜像服务此项目，请把它改为 `priority = "supplemental"`（或删除它）。',
      'poetry.verify-no-project': '未检查：Poetry 没有用户级的源设置，而此计划没有指定项目。',
    },
  },
});
