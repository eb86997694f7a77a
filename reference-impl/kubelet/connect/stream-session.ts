import type { ContainerRun } from '../runtime/container-run.ts';

/**
 * What exec and attach do once a transport (WebSocket channels or SPDY streams) is set up: write
 * to stdout/stderr as output appears, and finish with an exit code. The transport decides how
 * that is framed and when stdin is complete.
 */
export interface OutputSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface StreamSession {
  /** Whether the session needs all of stdin before it starts (exec: yes; attach, a terminal: no). */
  waitsForStdin: boolean;
  /** argv shown in a failure status. */
  argv: string[];
  run(sink: OutputSink, stdin: string | undefined): Promise<number>;
  /** Sessions that read stdin as it arrives (a terminal) get each chunk here, and null at its end. */
  input?(data: Buffer | null): void;
}

export function execSession(run: ContainerRun, argv: string[]): StreamSession {
  return {
    waitsForStdin: true,
    argv,
    async run(sink, stdin) {
      const result = await run.exec(argv, { stdin });
      sink.stdout(result.stdout);
      sink.stderr(result.stderr);
      return result.exitCode;
    },
  };
}

/** attach: the container's output from now on, until it ends. Emulated programs read no stdin. */
export function attachSession(run: ContainerRun): StreamSession {
  return {
    waitsForStdin: false,
    argv: [],
    run(sink) {
      return new Promise((resolve) => {
        run.log.follow((line) => {
          if (!line) {
            resolve(0);
            return;
          }
          if (line.stream === 'stderr') sink.stderr(line.text);
          else sink.stdout(line.text);
        });
      });
    },
  };
}

/**
 * `kubectl exec -it POD -- sh`: a line-editing terminal over the emulated shell. Typed characters
 * are echoed, Enter runs the line (the working directory carries over; variables do not), Ctrl-C
 * drops the line, Ctrl-D on an empty line or `exit` ends the session.
 */
export function terminalSession(run: ContainerRun, argv: string[]): StreamSession {
  let feed: ((data: Buffer | null) => void) | undefined;
  return {
    waitsForStdin: false,
    argv,
    input: (data) => feed?.(data),
    run(sink) {
      return new Promise((resolve) => {
        let cwd = '/';
        let line = '';
        let busy = Promise.resolve();
        let escape = false;
        const prompt = (): void => sink.stdout(`${cwd} # `);
        const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
        const execute = async (command: string): Promise<void> => {
          const trimmed = command.trim();
          const exit = /^exit(?:\s+(\d+))?$/.exec(trimmed);
          if (exit) return resolve(Number(exit[1] ?? 0));
          if (trimmed) {
            const marker = '\u0001KCERT-CWD';
            const result = await run.exec(['sh', '-c', `cd '${cwd}' 2>/dev/null\n${command}\n__status=$?\nprintf '${marker}%s' "$PWD"\nexit $__status`]);
            const at = result.stdout.lastIndexOf(marker);
            if (at >= 0) cwd = result.stdout.slice(at + marker.length) || cwd;
            sink.stdout(crlf(at >= 0 ? result.stdout.slice(0, at) : result.stdout));
            sink.stderr(crlf(result.stderr));
          }
          prompt();
        };
        // Input is handled in order, one chunk after the previous command finished, so the screen
        // reads like a terminal session.
        const handle = async (data: Buffer | null): Promise<void> => {
          if (data === null) return resolve(0);
          for (const char of data.toString('utf8')) {
            if (escape) {
              // Skip the rest of an escape sequence (arrow keys and the like).
              if (/[A-Za-z~]/.test(char)) escape = false;
              continue;
            }
            if (char === '\u001b') escape = true;
            else if (char === '\r' || char === '\n') {
              sink.stdout('\r\n');
              const command = line;
              line = '';
              await execute(command);
            } else if (char === '\u007f' || char === '\b') {
              if (line) {
                line = line.slice(0, -1);
                sink.stdout('\b \b');
              }
            } else if (char === '\u0003') {
              line = '';
              sink.stdout('^C\r\n');
              prompt();
            } else if (char === '\u0004') {
              if (!line) return resolve(0);
            } else if (char >= ' ') {
              line += char;
              sink.stdout(char);
            }
          }
        };
        feed = (data) => {
          busy = busy.then(() => handle(data));
        };
        prompt();
      });
    },
  };
}
