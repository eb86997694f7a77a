import { expect } from 'chai';
import { parseProxyName, rewriteLinks } from './proxy-target.ts';

describe('proxy subresource names and link rewriting', () => {
  it('splits scheme, name and port like upstream', () => {
    expect(parseProxyName('web')).to.deep.equal({ scheme: '', name: 'web', port: '' });
    expect(parseProxyName('web:portname1')).to.deep.equal({ scheme: '', name: 'web', port: 'portname1' });
    expect(parseProxyName('https:web:443')).to.deep.equal({ scheme: 'https', name: 'web', port: '443' });
    expect(parseProxyName('http:web:')).to.deep.equal({ scheme: 'http', name: 'web', port: '' });
    expect(() => parseProxyName('ftp:web:21')).to.throw(/invalid scheme/);
  });

  it('rewrites absolute links only', () => {
    const prefix = '/api/v1/namespaces/ns/pods/p:1080/proxy';
    expect(rewriteLinks('<a href="/rewriteme">test</a>', prefix)).to.equal(`<a href="${prefix}/rewriteme">test</a>`);
    expect(rewriteLinks('<img src="//cdn/x"><a href="http://x/">', prefix)).to.equal('<img src="//cdn/x"><a href="http://x/">');
    expect(rewriteLinks("<form action='/go'>", prefix)).to.equal(`<form action='${prefix}/go'>`);
  });
});
