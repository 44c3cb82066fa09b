/** Entry point of the `weft` command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  process.stderr.write(`weft: command "${command ?? ''}" is not available yet. Commands: dev, serve, build, validate, init.\n`);
  return 2;
}
