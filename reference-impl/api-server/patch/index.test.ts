import { expect } from 'chai';
import { applyPatch, contentTypeToPatchType, defaultManagerName, managedFieldsAfterUpdate, PatchError, type PatchRequest } from './index.js';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'httpd' }] } } },
});

const request = (type: PatchRequest['type'], body: unknown, current: Record<string, unknown> | undefined = deployment(), extra: Partial<PatchRequest> = {}): PatchRequest => ({
  type, apiVersion: 'apps/v1', kind: 'Deployment', current, body: typeof body === 'string' ? body : JSON.stringify(body), ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<PatchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(PatchError);
    return error as PatchError;
  }
  throw new Error('expected a PatchError');
}

describe('applyPatch', () => {
  it('maps content types to patch types', () => {
    expect(contentTypeToPatchType('application/json-patch+json')).to.equal('json');
    expect(contentTypeToPatchType('application/merge-patch+json; charset=utf-8')).to.equal('merge');
    expect(contentTypeToPatchType('application/strategic-merge-patch+json')).to.equal('strategic');
    expect(contentTypeToPatchType('application/apply-patch+yaml')).to.equal('apply');
    expect(contentTypeToPatchType('application/json')).to.equal(undefined);
  });

  describe('JSON patch', () => {
    it('applies replace and test operations (kubectl rollout undo)', async () => {
      const result = await applyPatch(request('json', [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'replace', path: '/spec/replicas', value: 3 }]));
      expect((result.spec as any).replicas).to.equal(3);
    });
    it('answers 422 for a failed test op or a missing path, 400 for an undecodable body', async () => {
      expect((await rejection(applyPatch(request('json', [{ op: 'test', path: '/spec/replicas', value: 2 }])))).status).to.equal(422);
      expect((await rejection(applyPatch(request('json', [{ op: 'replace', path: '/spec/nothing/here', value: 2 }])))).status).to.equal(422);
      expect((await rejection(applyPatch(request('json', '{"op":"add"}')))).status).to.equal(400);
      expect((await rejection(applyPatch(request('json', 'not json')))).status).to.equal(400);
    });
  });

  describe('merge patch', () => {
    it('merges maps, replaces lists and deletes with null', async () => {
      const result = await applyPatch(request('merge', { metadata: { labels: { app: null, tier: 'x' } }, spec: { template: { spec: { containers: [{ name: 'n' }] } } } }));
      expect((result.metadata as any).labels).to.deep.equal({ tier: 'x' });
      expect((result.spec as any).template.spec.containers).to.deep.equal([{ name: 'n' }]);
    });
  });

  describe('server-side apply', () => {
    const applied = (replicas: number, image = 'httpd') =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n      - name: c\n        image: ${image}\n`;

    it('creates an object and records an Apply entry with upstream FieldsV1', async () => {
      const result = await applyPatch(request('apply', applied(2), undefined, { fieldManager: 'kubectl' }));
      const entries = (result.metadata as any).managedFields;
      expect(entries).to.have.length(1);
      expect(entries[0]).to.include({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
      expect(entries[0].fieldsV1).to.deep.equal({
        'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
      });
    });

    it('requires a field manager', async () => {
      expect((await rejection(applyPatch(request('apply', applied(2))))).status).to.equal(422);
    });

    it('conflicts with a value another manager set, names manager and field, and force takes it over', async () => {
      const current = deployment();
      (current.metadata as any).managedFields = managedFieldsAfterUpdate({ old: undefined, updated: current, manager: 'kubectl-create', now: new Date('2024-01-02T03:04:05Z') });
      const conflict = await rejection(applyPatch(request('apply', applied(5), current, { fieldManager: 'kubectl' })));
      expect(conflict.status).to.equal(409);
      expect(conflict.message).to.equal('Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1 at 2024-01-02T03:04:05Z: .spec.replicas');
      expect(conflict.causes[0]).to.deep.equal({ reason: 'FieldManagerConflict', field: '.spec.replicas', message: 'conflict with "kubectl-create" using apps/v1 at 2024-01-02T03:04:05Z' });

      const forced = await applyPatch(request('apply', applied(5), current, { fieldManager: 'kubectl', force: true }));
      expect((forced.spec as any).replicas).to.equal(5);
      const create = (forced.metadata as any).managedFields.find((entry: any) => entry.manager === 'kubectl-create');
      expect(create.fieldsV1['f:spec']).to.not.have.property('f:replicas');
    });

    it('shares ownership of an unchanged value without conflict', async () => {
      const current = deployment();
      (current.metadata as any).managedFields = managedFieldsAfterUpdate({ old: undefined, updated: current, manager: 'kubectl-create' });
      const result = await applyPatch(request('apply', applied(1), current, { fieldManager: 'kubectl' }));
      expect((result.metadata as any).managedFields.map((entry: any) => entry.manager)).to.deep.equal(['kubectl', 'kubectl-create']);
    });

    it('removes fields the manager stopped applying', async () => {
      const first = await applyPatch(request('apply', applied(2), undefined, { fieldManager: 'm' }));
      const second = await applyPatch(request('apply', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n', first, { fieldManager: 'm' }));
      expect((second.spec as any).template.spec.containers).to.deep.equal([]);
      expect((second.spec as any).replicas).to.equal(2);
    });

    it('refuses force on other patch types and unparseable YAML', async () => {
      expect((await rejection(applyPatch(request('merge', {}, deployment(), { force: true })))).status).to.equal(422);
      expect((await rejection(applyPatch(request('apply', 'a: [', undefined, { fieldManager: 'm' })))).status).to.equal(400);
      expect((await rejection(applyPatch(request('apply', 'kind: Deployment', undefined, { fieldManager: 'm' })))).status).to.equal(400);
    });
  });

  describe('managedFields for updates', () => {
    it('derives the default manager from the user agent', () => {
      expect(defaultManagerName('kubectl/v1.33.1 (linux/amd64) kubernetes/abc')).to.equal('kubectl');
      expect(defaultManagerName('node')).to.equal('node');
      expect(defaultManagerName(undefined)).to.equal('');
    });

    it('records a create with map fields marked and moves changed fields to the updater', () => {
      const created = deployment();
      const entries = managedFieldsAfterUpdate({ old: undefined, updated: created, manager: 'kubectl-create' });
      expect(entries[0]!.fieldsV1['f:metadata']).to.deep.equal({ 'f:labels': { '.': {}, 'f:app': {} } });
      (created.metadata as any).managedFields = entries;
      const scaled = structuredClone(created);
      scaled.spec.replicas = 4;
      const after = managedFieldsAfterUpdate({ old: created, updated: scaled, manager: 'kube-controller-manager' });
      expect(after.map((entry) => entry.manager)).to.deep.equal(['kubectl-create', 'kube-controller-manager']);
      expect(after[1]!.fieldsV1).to.deep.equal({ 'f:spec': { 'f:replicas': {} } });
      expect((after[0]!.fieldsV1['f:spec'] as any)['f:replicas']).to.equal(undefined);
    });

    it('records status writes as their own entry with subresource status', () => {
      const old = { ...deployment(), status: { replicas: 0 } };
      const updated = { ...deployment(), status: { replicas: 1 } };
      const entries = managedFieldsAfterUpdate({ old, updated, manager: 'kube-controller-manager', subresource: 'status' });
      expect(entries).to.have.length(1);
      expect(entries[0]).to.include({ subresource: 'status' });
      expect(entries[0]!.fieldsV1).to.deep.equal({ 'f:status': { 'f:replicas': {} } });
    });
  });
});

describe('managedFields: containers change hands only when they appear', () => {
  it('keeps a map and a list item with their creator when others change their contents', () => {
    const created = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', annotations: { a: '1' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    const entries = managedFieldsAfterUpdate({ old: undefined, updated: created, manager: 'creator' });
    const first = { ...created, metadata: { ...created.metadata, managedFields: entries } };
    const next = structuredClone(first);
    (next.metadata as Record<string, unknown>).annotations = { a: '1', b: '2' };
    next.spec.template.spec.containers[0]!.image = 'y';
    const after = managedFieldsAfterUpdate({ old: first, updated: next, manager: 'controller' });
    expect(after[0]!.fieldsV1).to.deep.include({ 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } } });
    expect((after[0]!.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}']).to.deep.equal({ '.': {}, 'f:name': {} });
    expect(after[1]!.fieldsV1).to.deep.equal({
      'f:metadata': { 'f:annotations': { 'f:b': {} } },
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {} } } } } },
    });
  });
});

describe('managedFields: which entries an update starts from', () => {
  const created = () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } as Record<string, unknown>, data: { a: '1' } as Record<string, string> };
    object.metadata.managedFields = managedFieldsAfterUpdate({ old: undefined, updated: object, manager: 'creator' });
    return object;
  };

  it('keeps the stored entries when the request sends none or an empty list', () => {
    const old = created();
    for (const sent of [undefined, []]) {
      const next = structuredClone(old);
      next.metadata.managedFields = sent;
      next.data.b = '2';
      expect(managedFieldsAfterUpdate({ old, updated: next, manager: 'other' }).map((entry) => entry.manager)).to.deep.equal(['creator', 'other']);
    }
  });

  it('clears them when the request sends one empty entry', () => {
    const old = created();
    const next = structuredClone(old);
    next.metadata.managedFields = [{}];
    next.data.b = '2';
    expect(managedFieldsAfterUpdate({ old, updated: next, manager: 'other' }).map((entry) => entry.manager)).to.deep.equal(['other']);
  });
});
