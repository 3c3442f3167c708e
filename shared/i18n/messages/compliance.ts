import { defineMessages } from '../define';

/** The desktop app's periodic compliance check (CheckIntervalHours), as the managed banner says it. */
export const complianceMessages = defineMessages({
  en: {
    'app.compliance.compliant':
      "Compliance check ({time}, every {hours} h): every tool uses your organization's profile.",
    'app.compliance.drift':
      "Compliance check ({time}, every {hours} h): these tools differ from your organization's profile:",
    'app.compliance.error': 'Compliance check ({time}, every {hours} h): the settings of these tools cannot be read:',
    'app.compliance.failed': 'Compliance check ({time}, every {hours} h) could not run:',
    'app.compliance.apply-hint': 'To apply the profile, run',
  },
  'zh-CN': {
    'app.compliance.compliant': '合规检查（{time}，每 {hours} 小时一次）：所有工具都使用组织的配置档。',
    'app.compliance.drift': '合规检查（{time}，每 {hours} 小时一次）：以下工具与组织的配置档不一致：',
    'app.compliance.error': '合规检查（{time}，每 {hours} 小时一次）：无法读取以下工具的设置：',
    'app.compliance.failed': '合规检查（{time}，每 {hours} 小时一次）未能完成：',
    'app.compliance.apply-hint': '要应用组织的配置档，请运行',
  },
});
