// Built-in modules by bare name (owned by the platform-modules work). Filled in as modules land.
export {};
