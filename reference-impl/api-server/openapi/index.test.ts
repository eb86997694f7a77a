import { expect } from 'chai';
import { openApiV3Document, openApiV3Index, serveOpenApi } from './index.js';

type Json = Record<string, any>;

describe('OpenAPI v3', () => {
  it('indexes one document per served group-version with a hash', () => {
    const paths = openApiV3Index().paths as Json;
    expect(Object.keys(paths)).to.include.members(['api/v1', 'apis/apps/v1', 'apis/discovery.k8s.io/v1', 'apis/autoscaling/v2', 'apis/coordination.k8s.io/v1']);
    expect(paths['apis/apps/v1'].serverRelativeURL).to.match(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('lists fieldValidation on every PATCH operation of a kind, as kubectl checks it', () => {
    const document = openApiV3Document('apis/apps/v1') as Json;
    const patches = Object.values(document.paths as Json)
      .map((path: Json) => path.patch)
      .filter((operation: Json | undefined) => operation?.['x-kubernetes-group-version-kind']?.kind === 'Deployment');
    expect(patches).to.have.length(2);
    for (const operation of patches) {
      expect(operation.parameters.map((parameter: Json) => `${parameter.in}:${parameter.name}`)).to.include('query:fieldValidation');
      expect(Object.keys(operation.requestBody.content)).to.include('application/strategic-merge-patch+json');
    }
  });

  it('describes kinds with their GVK, required fields and patch extensions', () => {
    const schemas = (openApiV3Document('api/v1') as Json).components.schemas as Json;
    expect(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).to.deep.equal([{ group: '', kind: 'Pod', version: 'v1' }]);
    const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
    expect(containers).to.deep.include({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'map' });
    expect(containers.items.allOf[0].$ref).to.equal('#/components/schemas/io.k8s.api.core.v1.Container');
    expect(schemas['io.k8s.api.core.v1.PodSpec'].required).to.deep.equal(['containers']);
    expect(schemas['io.k8s.api.core.v1.Container'].properties.image.description).to.match(/Container image name/);
    for (const [name, schema] of Object.entries(schemas)) {
      const refs = JSON.stringify(schema).match(/#\/components\/schemas\/[^"]+/g) ?? [];
      for (const ref of refs) expect(schemas, `${name} → ${ref}`).to.have.property(ref.slice('#/components/schemas/'.length));
    }
  });

  it('serves the documents over its handler and leaves other paths alone', () => {
    const index = serveOpenApi('/openapi/v3', new URLSearchParams());
    expect(index?.status).to.equal(200);
    const url = new URL(`http://x${(JSON.parse(String(index!.body)).paths['api/v1'].serverRelativeURL)}`);
    const pinned = serveOpenApi(url.pathname, url.searchParams, 'application/json');
    expect(pinned?.headers['Cache-Control']).to.equal('public, immutable');
    expect(serveOpenApi('/openapi/v3/apis/nothing/v1', new URLSearchParams())).to.equal(undefined);
    expect(serveOpenApi('/api/v1', new URLSearchParams())).to.equal(undefined);
  });
});

describe('OpenAPI v2 (kubectl 1.27/1.28)', () => {
  it('serves swagger 2.0 definitions whose references all resolve', () => {
    const response = serveOpenApi('/openapi/v2', new URLSearchParams(), 'application/json')!;
    const document = JSON.parse(String(response.body)) as Json;
    expect(document.swagger).to.equal('2.0');
    const definitions = document.definitions as Json;
    expect(definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).to.deep.equal([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.template.$ref).to.equal('#/definitions/io.k8s.api.core.v1.PodTemplateSpec');
    for (const ref of JSON.stringify(definitions).match(/#\/definitions\/[^"]+/g) ?? []) {
      expect(definitions).to.have.property(ref.slice('#/definitions/'.length));
    }
  });

  it('encodes it as a gnostic openapi_v2.Document for protobuf clients', () => {
    const response = serveOpenApi('/openapi/v2', new URLSearchParams(), 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf')!;
    expect(response.headers['Content-Type']).to.equal('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const bytes = response.body as Uint8Array;
    expect([...bytes.slice(0, 5)]).to.deep.equal([0x0a, 3, 0x32, 0x2e, 0x30]); // field 1 (swagger) = "2.0"
    expect(Buffer.from(bytes).includes(Buffer.from('io.k8s.api.core.v1.PodSpec'))).to.equal(true);
  });
});
