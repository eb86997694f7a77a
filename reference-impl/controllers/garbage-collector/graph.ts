import type { KubeObject, ResourceType } from '../../client/index.ts';

/** Where an object lives: its resource type and namespace/name. */
export interface NodeRef {
  type: ResourceType;
  namespace?: string;
  name: string;
}

export const typeKey = (type: ResourceType): string => `${type.group}/${type.version}/${type.plural}`;
export const nodeKey = (ref: NodeRef): string => `${typeKey(ref.type)}|${ref.namespace ?? ''}/${ref.name}`;

/**
 * The ownership graph the collector keeps from its informers: every object by uid, and for every
 * uid the objects that name it as owner. Owners need not exist (that is what makes a dependent
 * dangling).
 */
export class OwnershipGraph {
  private readonly byUid = new Map<string, { ref: NodeRef; object: KubeObject }>();
  private readonly dependentsOf = new Map<string, Map<string, NodeRef>>();

  upsert(type: ResourceType, object: KubeObject, previous?: KubeObject): void {
    const ref: NodeRef = { type, namespace: object.metadata.namespace, name: String(object.metadata.name) };
    if (previous) this.unlinkOwners(previous, ref);
    this.byUid.set(String(object.metadata.uid), { ref, object });
    for (const owner of object.metadata.ownerReferences ?? []) {
      const dependents = this.dependentsOf.get(owner.uid) ?? new Map<string, NodeRef>();
      dependents.set(nodeKey(ref), ref);
      this.dependentsOf.set(owner.uid, dependents);
    }
  }

  remove(type: ResourceType, object: KubeObject): void {
    const ref: NodeRef = { type, namespace: object.metadata.namespace, name: String(object.metadata.name) };
    const uid = String(object.metadata.uid);
    if (this.byUid.get(uid)?.ref && nodeKey(this.byUid.get(uid)!.ref) === nodeKey(ref)) this.byUid.delete(uid);
    this.unlinkOwners(object, ref);
  }

  get(uid: string): { ref: NodeRef; object: KubeObject } | undefined {
    return this.byUid.get(uid);
  }

  dependents(uid: string): NodeRef[] {
    return [...(this.dependentsOf.get(uid)?.values() ?? [])];
  }

  private unlinkOwners(object: KubeObject, ref: NodeRef): void {
    for (const owner of object.metadata.ownerReferences ?? []) {
      const dependents = this.dependentsOf.get(owner.uid);
      dependents?.delete(nodeKey(ref));
      if (dependents?.size === 0) this.dependentsOf.delete(owner.uid);
    }
  }
}
