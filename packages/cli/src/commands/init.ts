/** `weft init`: see main.ts for the usage line. */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('weft init: this command is being built; it is not usable yet.\n');
  return 2;
}
