import { expect } from 'chai';
import { literalAwkSeparators, scriptFor } from './shell.ts';

describe('container shell argv handling', () => {
  it('runs `sh -c SCRIPT` as the script and quotes other argv', () => {
    expect(scriptFor(['/bin/sh', '-x', '-c', 'echo hi; exit 3'])).to.equal('echo hi; exit 3');
    expect(scriptFor(['/bin/sh', '-ec', 'true'])).to.equal('true');
    expect(scriptFor(['/bin/cat', '/tmp/my file'])).to.equal(`cat '/tmp/my file'`);
    expect(scriptFor(['/agnhost', 'dns-suffix'])).to.equal('agnhost dns-suffix');
  });

  it('keeps one-character awk field separators literal', () => {
    expect(literalAwkSeparators(`hostname -i | awk -F. '{print $1}'`)).to.equal(`hostname -i | awk -F'[.]' '{print $1}'`);
    expect(literalAwkSeparators(`awk -F '|' '{print}'`)).to.equal(`awk -F'[|]' '{print}'`);
    expect(literalAwkSeparators(`awk -F: '{print}'`)).to.equal(`awk -F'[:]' '{print}'`);
    expect(literalAwkSeparators(`awk -F'[,;]' x`)).to.equal(`awk -F'[,;]' x`);
  });
});
