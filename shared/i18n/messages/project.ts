import { defineMessages } from '../define';

/** The Choose page's "Poetry project" card: the folder whose pyproject.toml the plan edits, and why it was refused. */
export const projectMessages = defineMessages({
  en: {
    'app.project.title': 'Poetry project (optional)',
    'app.project.lede':
      "Poetry keeps its mirror in each project's pyproject.toml. Choose a project folder, and the plan you make on this page sets the mirror there too.",
    'app.project.choose': 'Choose project folder…',
    'app.project.path': 'Project folder (full path)',
    'app.project.use': 'Use this folder',
    'app.project.chosen': 'Project: {dir}',
    'app.project.file': 'The plan edits {file}',
    'app.project.remove': 'Remove',
    'app.project.dialog-title': 'Choose the Poetry project folder',
    'app.error.project-path-needed': 'Type the full path of the project folder.',
    'app.error.project-path-from-page':
      'The project folder is chosen in the system dialog, not typed by the page; nothing was changed.',
    'app.error.project-not-picked':
      'The plan names a project folder that was not chosen on this page; choose it again. Nothing was changed.',
  },
  'zh-CN': {
    'app.project.title': 'Poetry 项目（可选）',
    'app.project.lede':
      'Poetry 把镜像设置保存在每个项目的 pyproject.toml 中。选择项目文件夹后，您在本页生成的计划也会在该项目中设置镜像。',
    'app.project.choose': '选择项目文件夹…',
    'app.project.path': '项目文件夹（完整路径）',
    'app.project.use': '使用此文件夹',
    'app.project.chosen': '项目：{dir}',
    'app.project.file': '计划将编辑 {file}',
    'app.project.remove': '移除',
    'app.project.dialog-title': '选择 Poetry 项目文件夹',
    'app.error.project-path-needed': '请输入项目文件夹的完整路径。',
    'app.error.project-path-from-page': '项目文件夹须在系统对话框中选择，不能由页面填写；没有做任何更改。',
    'app.error.project-not-picked': '计划中的项目文件夹不是在本页选择的，请重新选择。没有做任何更改。',
  },
});
