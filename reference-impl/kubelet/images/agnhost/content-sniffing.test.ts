import { expect } from 'chai';
import { sniffContentType } from './content-sniffing.ts';

describe('Go-style content sniffing', () => {
  it('reads an HTML fragment as text/html, as Go does for agnhost porter', () => {
    expect(sniffContentType('<a href="/rewriteme">test</a>')).to.equal('text/html; charset=utf-8');
    expect(sniffContentType('  \n<HTML><body>x</body></HTML>')).to.equal('text/html; charset=utf-8');
    expect(sniffContentType('<!-- note -->')).to.equal('text/html; charset=utf-8');
  });

  it('needs a space or > after the tag name and falls back to plain text', () => {
    expect(sniffContentType('<bogus>')).to.equal('text/plain; charset=utf-8');
    expect(sniffContentType('<abbr>')).to.equal('text/plain; charset=utf-8');
    expect(sniffContentType('foo')).to.equal('text/plain; charset=utf-8');
    expect(sniffContentType('tls baz')).to.equal('text/plain; charset=utf-8');
  });
});
