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
  /** Whether the session needs all of stdin before it starts (exec: yes; attach: no). */
  waitsForStdin: boolean;
  /** argv shown in a failure status. */
  argv: string[];
  run(sink: OutputSink, stdin: string | undefined): Promise<number>;
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
