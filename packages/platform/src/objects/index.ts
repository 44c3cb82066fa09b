// Request and Response objects of each handler (spec §2.2, §3, §4). Filled in as they land.
export {};
