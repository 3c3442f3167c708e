import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText } from '../corporate/file';
import { planJavaTrust, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE } from '../corporate/java-truststore';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { propertiesGet, propertiesSet } from '../edit/properties';
import { pathApi } from '../platform/paths';

import { gradleUserHome } from './gradle';
import { writeFile } from './plan-helpers';

/**
 * Gradle: the company CA through a truststore (corporate/java-truststore.ts) named by `systemProp.javax.net.ssl.*`
 * in `$GRADLE_USER_HOME/gradle.properties`, which Gradle turns into system properties of the build JVM. A running
 * daemon keeps the trust it started with: the plan says to stop it. Gradle's proxy is not written.
 */
export const gradleCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    if (wanted.proxy) warnings.push({ code: 'corp.proxy-unsupported', params: { target: 'gradle' } });
    if (!wanted.ca) return { changes, warnings, settings };
    const trust = await planJavaTrust(ctx, tp, wanted.ca);
    changes.push(...trust.changes);
    warnings.push(...trust.warnings);
    if (!trust.store) return { changes, warnings, settings };
    const file = pathApi(ctx).join(gradleUserHome(ctx), 'gradle.properties');
    const { before, text } = await plannedText(tp, file);
    const props: [string, string][] = [
      ['systemProp.javax.net.ssl.trustStore', trust.store],
      ['systemProp.javax.net.ssl.trustStoreType', TRUSTSTORE_TYPE],
      ['systemProp.javax.net.ssl.trustStorePassword', TRUSTSTORE_PASSWORD],
    ];
    let after = text ?? '';
    try {
      for (const [key, value] of props) {
        settings.push({ key, path: file, actual: propertiesGet(before, key) ?? null, expected: value });
        after = propertiesSet(after, key, value, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      }
    } catch (e) {
      throw withPath(e, file);
    }
    if (after !== before) warnings.push({ code: 'corp.gradle-daemon', params: {} });
    changes.push(writeFile('gradle', file, before, after));
    return { changes, warnings, settings };
  },
};
