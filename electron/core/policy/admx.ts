import { t } from '../../../shared/i18n';
import { POLICIES, POLICY_KEY, RECOMMENDED_SUBKEY, type PolicyDef } from '../../../shared/policy/schema';
import type { Lang } from '../../../shared/types/core';

/**
 * ADMX/ADML templates generated from the policy schema (as VS Code generates its own), so Group Policy and
 * Intune's ADMX ingestion offer exactly the values MirrorKit reads. Every policy exists twice: mandatory under
 * Software\Policies\MirrorKit and a Recommended copy under its subkey. Ids are [A-Za-z0-9_] only (a dot breaks the
 * Group Policy editor: microsoft/vscode#278352).
 */
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const XSI = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
export const ADMX_LANGS: Readonly<Record<Lang, string>> = { en: 'en-US', 'zh-CN': 'zh-CN' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function elements(p: PolicyDef): string {
  switch (p.type) {
    case 'string':
      return `<elements><text id="${p.name}" valueName="${p.name}" maxLength="2000" /></elements>`;
    case 'list':
      return `<elements><multiText id="${p.name}" valueName="${p.name}" /></elements>`;
    case 'number':
      return `<elements><decimal id="${p.name}" valueName="${p.name}" minValue="${p.min ?? 0}" maxValue="${p.max ?? 4294967295}" /></elements>`;
    case 'boolean':
      return '<enabledValue><decimal value="1" /></enabledValue><disabledValue><decimal value="0" /></disabledValue>';
  }
}

function policy(p: PolicyDef, recommended: boolean): string {
  const key = recommended ? `${POLICY_KEY}\\${RECOMMENDED_SUBKEY}` : POLICY_KEY;
  const presentation = p.type === 'boolean' ? '' : ` presentation="$(presentation.${p.name})"`;
  const valueName = p.type === 'boolean' ? ` valueName="${p.name}"` : '';
  return [
    `    <policy name="${p.name}${recommended ? '_Recommended' : ''}" class="Both" displayName="$(string.${p.name})" explainText="$(string.${p.name}_Explain)"${presentation} key="${key.replace(/^SOFTWARE/, 'Software')}"${valueName}>`,
    `      <parentCategory ref="${recommended ? 'MirrorKit_Recommended' : 'MirrorKit'}" />`,
    '      <supportedOn ref="SUPPORTED_MirrorKit_1" />',
    `      ${elements(p)}`,
    '    </policy>',
  ].join('\n');
}

export function admx(): string {
  const defs = POLICIES as readonly PolicyDef[];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<policyDefinitions ${XSI} revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    '  <policyNamespaces>',
    '    <target prefix="mirrorkit" namespace="MirrorKit.Policies.MirrorKit" />',
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows" />',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0" />',
    '  <supportedOn><definitions><definition name="SUPPORTED_MirrorKit_1" displayName="$(string.SUPPORTED_MirrorKit_1)" /></definitions></supportedOn>',
    '  <categories>',
    '    <category name="MirrorKit" displayName="$(string.Category_MirrorKit)" />',
    '    <category name="MirrorKit_Recommended" displayName="$(string.Category_MirrorKit_Recommended)" />',
    '  </categories>',
    '  <policies>',
    ...defs.flatMap((p) => [policy(p, false), policy(p, true)]),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

function presentation(lang: Lang, p: PolicyDef): string | null {
  const label = esc(t(lang, `admx.${p.name}.label`));
  switch (p.type) {
    case 'string':
      return `<presentation id="${p.name}"><textBox refId="${p.name}"><label>${label}</label></textBox></presentation>`;
    case 'list':
      return `<presentation id="${p.name}"><multiTextBox refId="${p.name}">${label}</multiTextBox></presentation>`;
    case 'number':
      return `<presentation id="${p.name}"><decimalTextBox refId="${p.name}" defaultValue="${p.min ?? 0}">${label}</decimalTextBox></presentation>`;
    case 'boolean':
      return null;
  }
}

export function adml(lang: Lang): string {
  const defs = POLICIES as readonly PolicyDef[];
  const str = (id: string, code: string) => `      <string id="${id}">${esc(t(lang, code))}</string>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<policyDefinitionResources ${XSI} revision="1.0" schemaVersion="1.0" xmlns="${NS}">`,
    '  <displayName>MirrorKit</displayName>',
    `  <description>${esc(t(lang, 'admx.category'))}</description>`,
    '  <resources>',
    '    <stringTable>',
    str('Category_MirrorKit', 'admx.category'),
    str('Category_MirrorKit_Recommended', 'admx.category-recommended'),
    str('SUPPORTED_MirrorKit_1', 'admx.supported'),
    ...defs.flatMap((p) => [str(p.name, `admx.${p.name}`), str(`${p.name}_Explain`, `admx.${p.name}.explain`)]),
    '    </stringTable>',
    '    <presentationTable>',
    ...defs
      .map((p) => presentation(lang, p))
      .filter((x): x is string => x !== null)
      .map((x) => `      ${x}`),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}

/** The files a Group Policy central store expects: MirrorKit.admx and <culture>/MirrorKit.adml. */
export function templateFiles(): Record<string, string> {
  const files: Record<string, string> = { 'MirrorKit.admx': admx() };
  for (const [lang, culture] of Object.entries(ADMX_LANGS)) files[`${culture}/MirrorKit.adml`] = adml(lang as Lang);
  return files;
}
