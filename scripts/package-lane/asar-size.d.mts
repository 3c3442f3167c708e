export declare const ASAR_BUDGET: number;
export declare function findAsar(dir: string): string | null;
export declare function forbidden(files: string[]): string[];
export declare function asarReport(asar: string): { asar: string; bytes: number; files: string[] };
