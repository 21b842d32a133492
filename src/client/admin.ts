// The editorial office's progressive enhancements; every page works without them.
export {};
