import { expect } from 'chai';
import type { ContainerRun } from '../runtime/container-run.ts';
import { ContainerLog } from '../runtime/container-log.ts';
import { attachSession, terminalSession } from './stream-session.ts';

describe('exec and attach sessions', () => {
  it('runs a terminal line by line, keeping the working directory, until exit', async () => {
    const scripts: string[] = [];
    const run = {
      exec: async (argv: string[]) => {
        const script = argv[2]!;
        scripts.push(script);
        const cwd = script.includes('cd /tmp') && !script.startsWith("cd '/tmp'") ? '/tmp' : script.startsWith("cd '/tmp'") ? '/tmp' : '/';
        return { stdout: `out\n\u0001KCERT-CWD${cwd}`, stderr: '', exitCode: 0 };
      },
    } as unknown as ContainerRun;
    const session = terminalSession(run, ['sh']);
    let screen = '';
    const done = session.run({ stdout: (t) => (screen += t), stderr: (t) => (screen += t) }, undefined);
    session.input!(Buffer.from('cd /tmp\r'));
    session.input!(Buffer.from('lsx\u007f\r'));
    session.input!(Buffer.from('exit 4\r'));
    expect(await done).to.equal(4);
    expect(scripts[1]).to.match(/^cd '\/tmp' 2>\/dev\/null\nls\n/);
    expect(screen).to.equal('/ # cd /tmp\r\nout\r\n/tmp # lsx\b \b\r\nout\r\n/tmp # exit 4\r\n');
  });

  it('attaches to the output that follows and ends with the container', async () => {
    const log = new ContainerLog();
    const session = attachSession({ log } as unknown as ContainerRun);
    let out = '';
    let err = '';
    const done = session.run({ stdout: (t) => (out += t), stderr: (t) => (err += t) }, undefined);
    log.append('stdout', 'one\n');
    log.append('stderr', 'two\n');
    log.close();
    expect(await done).to.equal(0);
    expect([out, err]).to.deep.equal(['one\n', 'two\n']);
  });
});
