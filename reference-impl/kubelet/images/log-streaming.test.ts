import { expect } from 'chai';
import { Bash, InMemoryFs } from 'just-bash';
import { logStreamingPlugin } from './log-streaming.ts';

/** Runs a script as a streamed container script would run, sinking into /sink/{stdout,stderr}. */
async function streamed(script: string): Promise<{ stdout: string; stderr: string; result: string; exitCode: number }> {
  const fs = new InMemoryFs();
  await fs.mkdir('/sink', { recursive: true });
  const bash = new Bash({ fs });
  bash.registerTransformPlugin(logStreamingPlugin('/sink'));
  const result = await bash.exec(script);
  const read = (name: string) => fs.readFile(`/sink/${name}`).catch(() => '');
  return { stdout: await read('stdout'), stderr: await read('stderr'), result: result.stdout, exitCode: result.exitCode };
}

describe('container script log streaming', () => {
  it('keeps command substitutions captured (upstream DNS probe loops)', async () => {
    const out = await streamed('for i in `seq 1 3`; do check="$(echo found $i)" && test -n "$check" && echo "$check"; done');
    expect(out.stdout).to.equal('found 1\nfound 2\nfound 3\n');
    expect(out.exitCode).to.equal(0);
  });

  it('keeps pipes working and sends stderr to the stderr log', async () => {
    const out = await streamed('echo q | tr q z; echo oops >&2; ls /missing 2>&1 | wc -l');
    expect(out.stdout).to.equal('z\n1\n');
    expect(out.stderr).to.equal('oops\n');
  });

  it('writes each command as it ends, before the script ends', async () => {
    const fs = new InMemoryFs();
    await fs.mkdir('/sink', { recursive: true });
    const bash = new Bash({ fs });
    bash.registerTransformPlugin(logStreamingPlugin('/sink'));
    const running = bash.exec('for i in 1 2; do echo tick $i; [ $i = 2 ] || sleep 1; done');
    const deadline = Date.now() + 3000;
    let seen = '';
    while (Date.now() < deadline && !seen.includes('tick 1')) {
      seen = await fs.readFile('/sink/stdout').catch(() => '');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen, 'first tick visible while the loop still runs').to.equal('tick 1\n');
    await running;
    expect(await fs.readFile('/sink/stdout')).to.equal('tick 1\ntick 2\n');
  });

  it('leaves what a compound command or a function call redirects itself', async () => {
    const out = await streamed('{ echo kept; } >/tmp/f; cat /tmp/f; echo ok >/tmp/health; cat /tmp/health; greet() { echo hi $1; }; greet you; x=$(greet me); echo $x');
    expect(out.stdout).to.equal('kept\nok\nhi you\nhi me\n');
    expect(out.result).to.equal('');
  });
});
