export declare const root: string;
export declare const laneDir: string;
export declare const resultFile: string;
export declare function buildLane(log?: (line: string) => void): Promise<Record<string, unknown>>;
