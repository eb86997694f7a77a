/**
 * Per-resource defaulting and validation, as kube-apiserver's registry strategies do it.
 * The API server core calls strategyFor() for every create, update and patch result.
 * Owned by the api-semantics work; the core only depends on this file's exports.
 */
export interface FieldCause {
  /** Upstream cause type, e.g. FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueForbidden, FieldValueDuplicate. */
  reason: string;
  /** JSON path as upstream prints it, e.g. spec.template.spec.containers[0].image */
  field: string;
  message: string;
}

export interface ResourceStrategy {
  /** Fill upstream defaults in place (called on create, update and patch results). */
  applyDefaults(object: Record<string, unknown>): void;
  validateCreate(object: Record<string, unknown>): FieldCause[];
  validateUpdate(object: Record<string, unknown>, old: Record<string, unknown>): FieldCause[];
}

const noChecks: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: () => [],
  validateUpdate: () => [],
};

/** group is '' for the core group; resource is the plural name, e.g. 'deployments'. */
export function strategyFor(_group: string, _resource: string): ResourceStrategy {
  return noChecks;
}
