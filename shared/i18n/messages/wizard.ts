import { defineMessages } from '../define';

/** The wizard's one-click path, live progress, the Test page's conclusions and inline checks (issue 21). */
export const wizardMessages = defineMessages({
  en: {
    'app.oneclick.title': 'Recommended',
    'app.oneclick.button': 'Switch everything to {name}',
    'app.oneclick.others': 'Other presets',
    'app.oneclick.other-button': 'Switch to {name}',
    'app.oneclick.hint': 'You see exactly what changes before anything is written.',
    'app.plan.busy': 'Preparing the changes…',
    'app.review.full-diff': 'Show the full changes',
    'app.choose.url-needs-scheme': 'Start the address with https:// — for example {example}',
    'app.choose.url-invalid': 'Not a usable mirror address: {reason}.',
    'app.apply-phase.backing-up': 'Backing up…',
    'app.apply-phase.writing': 'Writing…',
    'app.apply-phase.verifying': 'Asking the tool…',
    'app.apply-phase.done': 'Done',
    'app.apply-phase.failed': 'Stopped',
  },
  'zh-CN': {
    'app.oneclick.title': '推荐',
    'app.oneclick.button': '一键切换到{name}镜像',
    'app.oneclick.others': '其他预设',
    'app.oneclick.other-button': '切换到{name}',
    'app.oneclick.hint': '写入任何内容之前，你会先看到具体改动。',
    'app.plan.busy': '正在准备更改…',
    'app.review.full-diff': '显示完整改动',
    'app.choose.url-needs-scheme': '地址需以 https:// 开头，例如 {example}',
    'app.choose.url-invalid': '不是可用的镜像地址：{reason}。',
    'app.apply-phase.backing-up': '正在备份…',
    'app.apply-phase.writing': '正在写入…',
    'app.apply-phase.verifying': '正在向工具确认…',
    'app.apply-phase.done': '完成',
    'app.apply-phase.failed': '已停止',
  },
});
