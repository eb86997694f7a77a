import { expect } from 'chai';
import { parseRequestPath, verbFor } from './request-info.ts';

describe('request paths', () => {
  const cases: Array<[string, unknown]> = [
    ['/api', { kind: 'legacyRoot' }],
    ['/apis', { kind: 'groupsRoot' }],
    ['/apis/apps', { kind: 'group', group: 'apps' }],
    ['/api/v1', { kind: 'groupVersion', group: '', version: 'v1' }],
    ['/api/v1/namespaces', { kind: 'resource', group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: undefined, subresource: undefined, rest: '' }],
    ['/api/v1/namespaces/ns1', { kind: 'resource', group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: 'ns1', subresource: undefined, rest: '' }],
    ['/api/v1/namespaces/ns1/finalize', { kind: 'resource', group: '', version: 'v1', namespace: undefined, resource: 'namespaces', name: 'ns1', subresource: 'finalize', rest: '' }],
    ['/api/v1/namespaces/ns1/pods', { kind: 'resource', group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: undefined, subresource: undefined, rest: '' }],
    ['/apis/apps/v1/namespaces/ns1/deployments/web/scale', { kind: 'resource', group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments', name: 'web', subresource: 'scale', rest: '' }],
    ['/api/v1/namespaces/ns1/pods/http:web:80/proxy/a%20b/c/', { kind: 'resource', group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: 'http:web:80', subresource: 'proxy', rest: '/a%20b/c/' }],
    ['/api/v1/namespaces/ns1/services/web/proxy/', { kind: 'resource', group: '', version: 'v1', namespace: 'ns1', resource: 'services', name: 'web', subresource: 'proxy', rest: '/' }],
    ['/version', { kind: 'nonResource', path: '/version' }],
    ['/api/v1/namespaces/%ZZ/pods', { kind: 'nonResource', path: '/api/v1/namespaces/%ZZ/pods' }],
  ];
  for (const [path, expected] of cases) {
    it(path, () => expect(parseRequestPath(path)).to.deep.equal(expected));
  }

  it('derives the verb from method, name and the watch parameter', () => {
    const none = new URLSearchParams();
    expect(verbFor('GET', true, none)).to.equal('get');
    expect(verbFor('GET', false, none)).to.equal('list');
    expect(verbFor('GET', false, new URLSearchParams('watch=1'))).to.equal('watch');
    expect(verbFor('DELETE', false, none)).to.equal('deletecollection');
    expect(verbFor('DELETE', true, none)).to.equal('delete');
    expect(verbFor('TRACE', true, none)).to.equal(undefined);
  });
});
