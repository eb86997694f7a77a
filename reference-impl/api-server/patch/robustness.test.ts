import { expect } from 'chai';
import { findUnknownFields, MalformedJsonError } from '../openapi/unknown-fields.js';
import { applyPatch, PatchError, type PatchType } from './index.js';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: 'b' }, managedFields: [{ manager: 'm', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }] },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } } },
};

const BODIES = [
  '', 'null', '1', '"x"', '[]', '{}', '[{}]', '{"spec":null}', '{"spec":[]}', '{"spec":{"template":{"spec":{"containers":{"name":"c"}}}}}',
  '{"spec":{"template":{"spec":{"containers":[1,"x",null]}}}}', '{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}',
  '{"$patch":"delete"}', '{"$patch":"bogus"}', '{"$retainKeys":"x"}', '{"spec":{"$retainKeys":["x"],"replicas":2}}', '{"$setElementOrder/spec":3}',
  '{"metadata":{"$deleteFromPrimitiveList/finalizers":"x"}}', '[{"op":"add"}]', '[{"op":"move","from":"/nope","path":"/x"}]', '[{"op":"remove","path":"/spec/template/spec/containers/9"}]',
  '[{"op":"copy","from":"/spec","path":"/spec/replicas/x"}]', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {managedFields: []}', 'kind: [', '{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"x","template":7}}',
  '{"apiVersion":"v1","kind":"Pod"}', `${'['.repeat(5000)}${']'.repeat(5000)}`,
];

describe('patch engines answer every malformed patch with a PatchError', () => {
  for (const type of ['json', 'merge', 'strategic', 'apply'] as PatchType[]) {
    it(`${type}: ${BODIES.length} hostile bodies`, async () => {
      for (const body of BODIES) {
        try {
          const result = await applyPatch({ type, apiVersion: 'apps/v1', kind: 'Deployment', current: structuredClone(deployment), body, fieldManager: 'm' });
          expect(result, body).to.be.an('object');
        } catch (error) {
          expect(error, `${type} ${body.slice(0, 80)}: ${String(error)}`).to.be.instanceOf(PatchError);
          expect((error as PatchError).status).to.be.oneOf([400, 404, 409, 415, 422]);
        }
      }
    });
  }

  it('strict field validation refuses hostile text with its own error', () => {
    for (const body of ['', '{', `${'['.repeat(20000)}${']'.repeat(20000)}`, '{"a":1,}', '"\\x"']) {
      expect(() => findUnknownFields('apps/v1', 'Deployment', body)).to.throw(MalformedJsonError);
    }
  });
});
