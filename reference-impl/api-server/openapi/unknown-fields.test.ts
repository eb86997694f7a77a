import { expect } from 'chai';
import { findUnknownFields, findUnknownFieldsInYaml, MalformedJsonError, strictDecodingMessage } from './unknown-fields.js';

describe('findUnknownFields', () => {
  it('reports unknown and duplicate fields with upstream paths, in document order', () => {
    const body = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","unknownMeta":"x"},
      "spec":{"replicas":1,"replicas":2,"foo":true,"selector":{"matchLabels":{"any-key":"v"}},
      "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i","unknownNested":1,"image":"j"}]}}}}`;
    const problems = findUnknownFields('apps/v1', 'Deployment', body);
    expect(problems.unknown).to.deep.equal(['metadata.unknownMeta', 'spec.foo', 'spec.template.spec.containers[0].unknownNested']);
    expect(problems.duplicate).to.deep.equal(['spec.replicas', 'spec.template.spec.containers[0].image']);
    expect(strictDecodingMessage(problems)).to.equal(
      'strict decoding error: unknown field "metadata.unknownMeta", duplicate field "spec.replicas", unknown field "spec.foo", unknown field "spec.template.spec.containers[0].unknownNested", duplicate field "spec.template.spec.containers[0].image"',
    );
  });

  it('accepts every field of a valid object, free-form maps included', () => {
    const body = JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' }, annotations: { 'x/y': 'z' } },
      spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 80 }] }] },
      status: { phase: 'Pending' },
    });
    expect(findUnknownFields('v1', 'Pod', body)).to.deep.equal({ unknown: [], duplicate: [], messages: [] });
  });

  it('knows core/v1 and events.k8s.io/v1 events apart', () => {
    expect(findUnknownFields('v1', 'Event', '{"involvedObject":{},"note":"x"}').unknown).to.deep.equal(['note']);
    expect(findUnknownFields('events.k8s.io/v1', 'Event', '{"regarding":{},"note":"x"}').unknown).to.deep.equal([]);
  });

  it('throws a typed error for text that is not JSON', () => {
    for (const bad of ['{"a":', '{"a" 1}', '[1,]', '{"a":1} x', "{'a':1}"]) {
      expect(() => findUnknownFields('v1', 'Pod', bad), bad).to.throw(MalformedJsonError);
    }
  });
});

describe('findUnknownFieldsInYaml', () => {
  it('sees unknown and duplicate keys of an apply configuration', () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  unknownMeta: x\nspec:\n  replicas: 1\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: c\n        bogus: 1\n';
    const problems = findUnknownFieldsInYaml('apps/v1', 'Deployment', yaml);
    expect(problems.messages).to.deep.equal(['unknown field "metadata.unknownMeta"', 'duplicate field "spec.replicas"', 'unknown field "spec.template.spec.containers[0].bogus"']);
  });

  it('throws a typed error for YAML that does not parse', () => {
    expect(() => findUnknownFieldsInYaml('v1', 'Pod', 'a: [')).to.throw(MalformedJsonError);
  });
});
