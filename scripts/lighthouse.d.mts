// Types for what test/lighthouse.test.ts uses from scripts/lighthouse.mjs.
export declare const categories: string[];
export declare function launchChromium(): Promise<{ port: number; close(): Promise<void> }>;
export declare function audit(url: string, options: { port: number; preset?: 'mobile' | 'desktop'; only?: string[] }): Promise<{ scores: Record<string, number>; failing: string[]; error?: string }>;
export declare function pagesOf(base: string): Promise<{ front: string; article: string; polls: string; blog: string }>;
export declare function warm(base: string, pages: Record<string, string>): Promise<void>;
export declare function freePort(): Promise<number>;
