/**
 * The log of one container run, kept in memory with a byte cap (oldest lines dropped), and
 * followable: `kubectl logs -f` subscribes and gets every later line until the run ends.
 */
export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet prints with ?timestamps=true. */
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

type Listener = (line: LogLine | undefined) => void;

export const LOG_CAP_BYTES = 64 * 1024;

export class ContainerLog {
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private listeners = new Set<Listener>();
  private closed = false;

  constructor(private readonly capBytes = LOG_CAP_BYTES) {}

  /** Writes without a trailing newline wait here until their line is complete (or the run ends). */
  private readonly partial = { stdout: '', stderr: '' };

  append(stream: 'stdout' | 'stderr', text: string): void {
    if (this.closed || text === '') return;
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop()!;
    for (const part of parts) this.push(stream, `${part}\n`);
  }

  private push(stream: 'stdout' | 'stderr', text: string): void {
    const line: LogLine = { time: rfc3339Nano(new Date()), stream, text };
    this.lines.push(line);
    this.bytes += line.text.length;
    for (const listener of this.listeners) listener(line);
    while (this.bytes > this.capBytes && this.lines.length > 1) this.bytes -= this.lines.shift()!.text.length;
  }

  /** No more lines will come (the container ended): an unfinished line is kept as is, followers are released. */
  close(): void {
    if (this.closed) return;
    for (const stream of ['stdout', 'stderr'] as const) if (this.partial[stream]) this.push(stream, this.partial[stream]);
    this.closed = true;
    for (const listener of this.listeners) listener(undefined);
    this.listeners.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  snapshot(options: { tailLines?: number; sinceTime?: Date; limitBytes?: number } = {}): LogLine[] {
    let selected = options.sinceTime ? this.lines.filter((line) => new Date(line.time) >= options.sinceTime!) : this.lines;
    if (options.tailLines !== undefined) selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines);
    return [...selected];
  }

  /** Calls back with each new line, then with undefined when the log closes. Returns unsubscribe. */
  follow(listener: Listener): () => void {
    if (this.closed) {
      listener(undefined);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** 2026-01-02T03:04:05.123456789Z (nanosecond digits padded from the millisecond clock). */
export function rfc3339Nano(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${line.time} ${line.text}` : line.text;
}
