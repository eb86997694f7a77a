/**
 * Go-style command-line flags as agnhost parses them: `--name=value`, `--name value`, `-name`,
 * and bare booleans. Unknown flags are kept; each program reads the ones it knows.
 */
export class Flags {
  private readonly values = new Map<string, string>();
  readonly positional: string[] = [];

  constructor(args: readonly string[], booleans: readonly string[] = []) {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
        this.positional.push(arg);
        continue;
      }
      const body = arg.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq >= 0) this.values.set(body.slice(0, eq), body.slice(eq + 1));
      else if (booleans.includes(body) || i + 1 >= args.length || args[i + 1]!.startsWith('--')) this.values.set(body, 'true');
      else this.values.set(body, args[++i]!);
    }
  }

  string(name: string, fallback: string): string {
    return this.values.get(name) ?? fallback;
  }

  int(name: string, fallback: number): number {
    const value = this.values.get(name);
    if (value === undefined) return fallback;
    const parsed = Number.parseInt(value, 10);
    return Number.isFinite(parsed) ? parsed : fallback;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.values.get(name);
    return value === undefined ? fallback : value !== 'false' && value !== '0';
  }
}
