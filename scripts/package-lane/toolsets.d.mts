export declare const TOOLS: Record<string, string>;
export declare function which(cmd: string): string | null;
export declare function missingTools(): string[];
export declare function makeToolsets(dir: string, captureDir: string): Record<string, string>;
