import type { Selection } from '../../../shared/types/api';
import { EXIT, MirrorKitError } from '../../core/errors';
import { acceptSerial, type TrustInfo } from '../../core/profile/trust';
import { flagBool, flagString } from '../args';
import { onlyTargets, planAndApply, requestOptions } from '../apply-flow';
import type { Command } from '../command';
import { fastestSelection } from '../fastest';
import { refuseLocked, refusePublicProbe } from '../../core/policy/locks';
import { probeNetwork } from '../probe-proxy';
import { loadSelectedProfile } from '../profile';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'cli.cmd.apply',
  flags: {
    preset: true,
    profile: true,
    fastest: false,
    only: true,
    'dry-run': false,
    'env-scope': true,
    firewall: true,
    'if-declined': true,
    pubkey: true,
    'from-policy': false,
  },
  async run(args, ctx, io, core) {
    const preset = flagString(args, 'preset');
    const profile = flagString(args, 'profile');
    const fastest = flagBool(args, 'fastest');
    const fromPolicy = flagBool(args, 'from-policy');
    if ([preset !== undefined, profile !== undefined, fastest, fromPolicy].filter(Boolean).length !== 1)
      throw new MirrorKitError('cli.one-selection');
    const only = onlyTargets(args);
    let selection: Selection;
    let trust: TrustInfo | undefined;
    if (preset !== undefined) selection = { kind: 'preset', preset };
    else if (profile !== undefined || fromPolicy) {
      const loaded = await loadSelectedProfile(ctx, args);
      selection = { kind: 'profile', text: loaded.text, name: loaded.name };
      trust = loaded.trust;
    } else {
      await refusePublicProbe(ctx);
      // Through the proxy and CA the tools will use: the policy's profile's, else HTTPS_PROXY/NO_PROXY.
      selection = await fastestSelection(core, io, only, await probeNetwork(ctx, args));
    }
    const req = { selection, ...(only ? { only } : {}), ...requestOptions(ctx, args) };
    // The policy's own profile is how a locked tool is configured; every other selection must leave it alone.
    const code = await planAndApply(
      core,
      io,
      args,
      req,
      fromPolicy ? { policyApply: true } : { guard: refuseLocked(ctx) },
    );
    // Only a profile that was applied raises the serial floor; a dry run or a failure leaves it where it was.
    if (trust && code === EXIT.ok && !flagBool(args, 'dry-run')) await acceptSerial(ctx, trust);
    return code;
  },
};
