import { InMemoryFs, type BufferEncoding, type FileContent } from 'just-bash';

/**
 * A directory whose files are the container's stdout and stderr: whatever the shell writes to
 * `LOG_SINK_DIR/stdout` or `/stderr` goes straight to the container log and is not kept.
 */
export const LOG_SINK_DIR = '/dev/.kcert-log';

export class LogSinkFs extends InMemoryFs {
  constructor(private readonly sink: (stream: 'stdout' | 'stderr', text: string) => void) {
    super({ '/stdout': '', '/stderr': '' });
  }

  override async appendFile(path: string, content: FileContent, _options?: object | BufferEncoding): Promise<void> {
    this.forward(path, content);
  }

  override async writeFile(path: string, content: FileContent, _options?: object | BufferEncoding): Promise<void> {
    this.forward(path, content);
  }

  private forward(path: string, content: FileContent): void {
    const text = typeof content === 'string' ? content : Buffer.from(content as Uint8Array).toString('utf8');
    if (text) this.sink(path.endsWith('stderr') ? 'stderr' : 'stdout', text);
  }
}
