export declare const NODE_WIN_VERSION: string;
export declare const prefix: string;
export declare const nodeExe: string;
export declare function wineEnv(extra?: Record<string, string | undefined>): Record<string, string | undefined>;
export declare function ensureLane(): Promise<
  | { ok: false; reason: string; timings: { step: string; ms: number }[] }
  | { ok: true; prefix: string; nodeExe: string; timings: { step: string; ms: number }[] }
>;
export declare function stopLane(): void;
