import { parse, type CommandNode, type ScriptNode, type StatementNode, type TransformPlugin } from 'just-bash';

/**
 * Streams a container script's output to its log as each command ends, instead of when the whole
 * script ends (a `while true; do echo tick; sleep 1; done` container must show ticks at once).
 *
 * Every command outside command substitutions gets `>>SINK/stdout 2>>SINK/stderr` in front of its
 * own redirections (so `2>&1` or `>file` written by the script still win). A script-wide
 * `exec >>SINK/stdout` would be simpler, but the simulated shell shares that redirection with
 * command substitutions and pipes: `for i in $(seq 1 600)` then loops over nothing and
 * `echo q | tr q z` logs `q` (upstream's DNS probe scripts are such loops).
 *
 * Where the stream goes elsewhere, nothing is added: the stdout of a command that feeds a pipe,
 * whatever a compound command redirects itself, and function bodies (a call is a command and
 * carries the redirection for its body). What is not streamed still reaches the log when the
 * script ends, through the interpreter's result.
 */
export function logStreamingPlugin(sinkDir: string): TransformPlugin {
  return {
    name: 'kcert-log-streaming',
    transform: ({ ast }) => {
      const template = redirectionsFor(sinkDir);
      visitStatements(ast.statements, { stdout: true, stderr: true }, template);
      return { ast };
    },
  };
}

type Redirection = Extract<CommandNode, { type: 'SimpleCommand' }>['redirections'][number];

interface Streams {
  stdout: boolean;
  stderr: boolean;
}

function redirectionsFor(sinkDir: string): { stdout: Redirection; stderr: Redirection } {
  const script: ScriptNode = parse(`: >>${sinkDir}/stdout 2>>${sinkDir}/stderr`);
  const command = script.statements[0]!.pipelines[0]!.commands[0]!;
  if (command.type !== 'SimpleCommand') throw new Error('log sink redirection did not parse as a simple command');
  const [stdout, stderr] = command.redirections as [Redirection, Redirection];
  return { stdout, stderr };
}

function visitStatements(statements: StatementNode[] | null | undefined, streams: Streams, template: { stdout: Redirection; stderr: Redirection }): void {
  for (const statement of statements ?? []) {
    for (const pipeline of statement.pipelines) {
      pipeline.commands.forEach((command, i) => {
        const last = i === pipeline.commands.length - 1;
        // A command feeding a pipe writes its stdout (and with |& its stderr) into the pipe.
        const stderrPiped = !last && pipeline.pipeStderr?.[i] === true;
        visitCommand(command, { stdout: streams.stdout && last, stderr: streams.stderr && !stderrPiped }, template);
      });
    }
  }
}

function visitCommand(command: CommandNode, streams: Streams, template: { stdout: Redirection; stderr: Redirection }): void {
  switch (command.type) {
    case 'SimpleCommand': {
      if (command.name === null) return; // assignments only: nothing to stream
      const added: Redirection[] = [];
      if (streams.stdout) added.push(structuredClone(template.stdout));
      if (streams.stderr) added.push(structuredClone(template.stderr));
      command.redirections.unshift(...added);
      return;
    }
    case 'FunctionDef':
    case 'ArithmeticCommand':
    case 'ConditionalCommand':
      return;
    default: {
      const inner = withoutRedirected(streams, command.redirections);
      switch (command.type) {
        case 'If':
          for (const clause of command.clauses) {
            visitStatements(clause.condition, inner, template);
            visitStatements(clause.body, inner, template);
          }
          visitStatements(command.elseBody, inner, template);
          return;
        case 'While':
        case 'Until':
          visitStatements(command.condition, inner, template);
          visitStatements(command.body, inner, template);
          return;
        case 'Case':
          for (const item of command.items) visitStatements(item.body, inner, template);
          return;
        case 'For':
        case 'CStyleFor':
        case 'Subshell':
        case 'Group':
          visitStatements(command.body, inner, template);
          return;
      }
    }
  }
}

/** A compound command that redirects fd 1 or 2 itself keeps that stream for its own target. */
function withoutRedirected(streams: Streams, redirections: Redirection[]): Streams {
  const touches = (fd: 1 | 2) =>
    redirections.some((r) => {
      if (r.operator === '&>' || r.operator === '&>>') return true;
      if (r.operator === '<' || r.operator === '<<' || r.operator === '<<-' || r.operator === '<<<' || r.operator === '<&') return false;
      return (r.fd ?? 1) === fd;
    });
  return { stdout: streams.stdout && !touches(1), stderr: streams.stderr && !touches(2) };
}
