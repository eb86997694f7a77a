import { expect } from 'chai';
import { FieldSet, fieldSetOf, pathToString, valueAt } from './field-set.js';

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' }, finalizers: ['example.com/keep'] },
  spec: { containers: [{ name: 'web', image: 'httpd', ports: [{ containerPort: 80, protocol: 'TCP' }], args: ['a', 'b'] }], nodeSelector: {} },
};

describe('field sets', () => {
  it('builds apply-style sets with list-map keys, set members and atomic lists', () => {
    const fields = fieldSetOf(pod, 'V1Pod', 'apply').toFieldsV1();
    expect(fields['f:metadata']).to.deep.equal({
      'f:name': {}, 'f:labels': { 'f:app': {} }, 'f:finalizers': { 'v:"example.com/keep"': {} },
    });
    expect((fields['f:spec'] as any)['f:containers']).to.deep.equal({
      'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } }, 'f:args': {} },
    });
    expect((fields['f:spec'] as any)['f:nodeSelector']).to.deep.equal({});
  });

  it('round-trips FieldsV1 and prints paths as upstream does', () => {
    const set = fieldSetOf(pod, 'V1Pod', 'update');
    const again = FieldSet.fromFieldsV1(set.toFieldsV1());
    expect(again.toFieldsV1()).to.deep.equal(set.toFieldsV1());
    expect(pathToString(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).to.equal('.spec.containers[name="web"].image');
    expect(pathToString(['f:metadata', 'f:finalizers', 'v:"x"'])).to.equal('.metadata.finalizers[="x"]');
  });

  it('finds values by path', () => {
    expect(valueAt(pod, ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).to.equal('httpd');
    expect(valueAt(pod, ['f:metadata', 'f:finalizers', 'v:"example.com/keep"'])).to.equal('example.com/keep');
    expect(valueAt(pod, ['f:spec', 'f:containers', 'k:{"name":"nope"}'])).to.equal(undefined);
  });

  it('computes unions, differences and ownership below a path', () => {
    const a = new FieldSet();
    a.insert(['f:spec', 'f:replicas']);
    const b = new FieldSet();
    b.insert(['f:spec', 'f:paused']);
    const both = a.union(b);
    expect(both.paths()).to.have.length(2);
    expect(both.minus(a).paths()).to.deep.equal([['f:spec', 'f:paused']]);
    expect(both.touches(['f:spec'])).to.equal(true);
    expect(a.touches(['f:metadata'])).to.equal(false);
  });
});
