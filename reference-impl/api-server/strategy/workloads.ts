/**
 * Strategies of the workload kinds: Pod, PodTemplate, ReplicaSet, ReplicationController and
 * Deployment (defaults of apps/v1 and core/v1, ValidateDeployment/ReplicaSet/RC and their updates).
 */
import { asList, asObject, goValue, invalid, nonNegative, notSupported, required, forbidden, type Causes, type Json } from './field-errors.js';
import { isEmptySelector, selectorMatches, validateLabelSelector, validateObjectMeta } from './meta-validation.js';
import { labelsErrors } from './name-rules.js';
import { defaultPodSpec, defaultPodTemplate } from './pod-defaults.js';
import { canonical, validatePodSpec, validatePodSpecUpdate } from './pod-validation.js';
import type { ResourceStrategy } from './index.js';

const spec = (object: Json): Json => asObject(object.spec);

export const podStrategy: ResourceStrategy = {
  applyDefaults(object) {
    if (object.spec && typeof object.spec === 'object') defaultPodSpec(object.spec as Json);
  },
  validateCreate: (object) => [...validateObjectMeta(asObject(object.metadata)), ...validatePodSpec(spec(object), 'spec')],
  validateUpdate(object, old) {
    return [...validateObjectMeta(asObject(object.metadata)), ...validatePodSpec(spec(object), 'spec'), ...validatePodSpecUpdate(spec(object), spec(old))];
  },
};

export const podTemplateStrategy: ResourceStrategy = {
  applyDefaults: (object) => defaultPodTemplate(object.template),
  validateCreate: (object) => [...validateObjectMeta(asObject(object.metadata)), ...validateTemplate(asObject(object.template), 'template', false)],
  validateUpdate: (object) => [...validateObjectMeta(asObject(object.metadata)), ...validateTemplate(asObject(object.template), 'template', false)],
};

function validateTemplate(template: Json, path: string, controllerOwned: boolean): Causes {
  const causes: Causes = [];
  const meta = asObject(template.metadata);
  causes.push(...validateObjectMeta(meta, `${path}.metadata`));
  const podSpec = asObject(template.spec);
  causes.push(...validatePodSpec(podSpec, `${path}.spec`));
  if (controllerOwned && podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    causes.push(notSupported(`${path}.spec.restartPolicy`, podSpec.restartPolicy, ['Always']));
  }
  if (controllerOwned && podSpec.activeDeadlineSeconds !== undefined) {
    causes.push(forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return causes;
}

/** Go's rendering of a metav1.LabelSelector in upstream messages. */
function goSelector(selector: Json): string {
  const matchLabels = selector.matchLabels ? goValue(selector.matchLabels) : 'map[string]string(nil)';
  const expressions = asList(selector.matchExpressions);
  const matchExpressions = expressions.length === 0
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${expressions.map((e) => `v1.LabelSelectorRequirement{Key:${goValue(e.key)}, Operator:${goValue(e.operator)}, Values:${goValue(e.values ?? [])}}`).join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${matchLabels}, MatchExpressions:${matchExpressions}}`;
}

/** Selector present, non-empty, valid, and selecting the template's labels. */
function validateSelectorAndTemplate(object: Json, kindLabel: string): Causes {
  const causes: Causes = [];
  const selector = spec(object).selector;
  const templateLabels = asObject(asObject(asObject(spec(object).template).metadata).labels) as Record<string, string>;
  if (selector === undefined || selector === null) {
    causes.push(required('spec.selector'));
    return causes;
  }
  const parsed = asObject(selector);
  causes.push(...validateLabelSelector(parsed, 'spec.selector'));
  if (isEmptySelector(parsed)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goSelector(parsed)}: empty selector is invalid for ${kindLabel}` });
  } else if (!selectorMatches(parsed, templateLabels)) {
    causes.push(invalid('spec.template.metadata.labels', templateLabels, '`selector` does not match template `labels`'));
  }
  return causes;
}

function validateReplicasFields(object: Json): Causes {
  const causes: Causes = [];
  nonNegative(causes, 'spec.replicas', spec(object).replicas);
  nonNegative(causes, 'spec.minReadySeconds', spec(object).minReadySeconds);
  return causes;
}

function validateTemplatePresent(object: Json): Causes {
  const template = spec(object).template;
  if (template === undefined || template === null) return [required('spec.template')];
  return validateTemplate(asObject(template), 'spec.template', true);
}

function selectorImmutable(object: Json, old: Json): Causes {
  const now = spec(object).selector;
  const before = spec(old).selector;
  if (JSON.stringify(canonical(now)) === JSON.stringify(canonical(before))) return [];
  return [{ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goSelector(asObject(now))}: field is immutable` }];
}

export const replicaSetStrategy: ResourceStrategy = {
  applyDefaults(object) {
    const replicaSetSpec = asObject(object.spec);
    object.spec = replicaSetSpec;
    replicaSetSpec.replicas ??= 1;
    defaultPodTemplate(replicaSetSpec.template);
  },
  validateCreate: (object) => validateReplicaSet(object),
  validateUpdate: (object, old) => [...validateReplicaSet(object), ...selectorImmutable(object, old)],
};

function validateReplicaSet(object: Json): Causes {
  return [
    ...validateObjectMeta(asObject(object.metadata)),
    ...validateReplicasFields(object),
    ...validateSelectorAndTemplate(object, 'replicaset'),
    ...validateTemplatePresent(object),
  ];
}

export const replicationControllerStrategy: ResourceStrategy = {
  applyDefaults(object) {
    const rcSpec = asObject(object.spec);
    object.spec = rcSpec;
    rcSpec.replicas ??= 1;
    const template = asObject(rcSpec.template);
    const templateLabels = asObject(asObject(template.metadata).labels);
    if (rcSpec.template && (!rcSpec.selector || Object.keys(asObject(rcSpec.selector)).length === 0)) rcSpec.selector = { ...templateLabels };
    const meta = asObject(object.metadata);
    if (rcSpec.template && Object.keys(asObject(meta.labels)).length === 0 && Object.keys(templateLabels).length > 0) {
      object.metadata = { ...meta, labels: { ...templateLabels } };
    }
    defaultPodTemplate(rcSpec.template);
  },
  validateCreate: (object) => validateReplicationController(object),
  validateUpdate: (object) => validateReplicationController(object),
};

function validateReplicationController(object: Json): Causes {
  const causes: Causes = [...validateObjectMeta(asObject(object.metadata)), ...validateReplicasFields(object)];
  const selector = asObject(spec(object).selector) as Record<string, string>;
  if (Object.keys(selector).length === 0) causes.push(required('spec.selector'));
  causes.push(...labelsErrors('spec.selector', selector));
  const template = spec(object).template;
  if (template === undefined || template === null) {
    causes.push(required('spec.template'));
    return causes;
  }
  const labels = asObject(asObject(asObject(template).metadata).labels) as Record<string, string>;
  if (Object.keys(selector).length > 0 && !selectorMatches({ matchLabels: selector }, labels)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...validateTemplate(asObject(template), 'spec.template', true));
  return causes;
}

export const deploymentStrategy: ResourceStrategy = {
  applyDefaults(object) {
    const deploymentSpec = asObject(object.spec);
    object.spec = deploymentSpec;
    deploymentSpec.replicas ??= 1;
    const strategy = asObject(deploymentSpec.strategy);
    deploymentSpec.strategy = strategy;
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const rollingUpdate = asObject(strategy.rollingUpdate);
      strategy.rollingUpdate = rollingUpdate;
      rollingUpdate.maxUnavailable ??= '25%';
      rollingUpdate.maxSurge ??= '25%';
    }
    deploymentSpec.revisionHistoryLimit ??= 10;
    deploymentSpec.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(deploymentSpec.template);
  },
  validateCreate: (object) => validateDeployment(object),
  validateUpdate: (object, old) => [...validateDeployment(object), ...selectorImmutable(object, old)],
};

const DEPLOYMENT_STRATEGIES = ['Recreate', 'RollingUpdate'];

function validateDeployment(object: Json): Causes {
  const causes: Causes = [
    ...validateObjectMeta(asObject(object.metadata)),
    ...validateReplicasFields(object),
    ...validateSelectorAndTemplate(object, 'deployment'),
    ...validateTemplatePresent(object),
  ];
  const deploymentSpec = spec(object);
  nonNegative(causes, 'spec.revisionHistoryLimit', deploymentSpec.revisionHistoryLimit);
  nonNegative(causes, 'spec.progressDeadlineSeconds', deploymentSpec.progressDeadlineSeconds);
  const deadline = deploymentSpec.progressDeadlineSeconds;
  if (typeof deadline === 'number' && deadline <= (deploymentSpec.minReadySeconds ?? 0)) {
    causes.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  const strategy = asObject(deploymentSpec.strategy);
  if (!DEPLOYMENT_STRATEGIES.includes(strategy.type)) causes.push(notSupported('spec.strategy.type', strategy.type ?? '', DEPLOYMENT_STRATEGIES));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
    causes.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  }
  if (strategy.type === 'RollingUpdate') causes.push(...validateRollingUpdate(asObject(strategy.rollingUpdate)));
  const rollbackTo = deploymentSpec.rollbackTo;
  if (rollbackTo !== undefined) causes.push(forbidden('spec.rollbackTo', 'rollbackTo is not supported in apps/v1'));
  return causes;
}

function validateRollingUpdate(rollingUpdate: Json): Causes {
  const causes: Causes = [];
  const surge = checkIntOrPercent(causes, 'spec.strategy.rollingUpdate.maxSurge', rollingUpdate.maxSurge);
  const unavailable = checkIntOrPercent(causes, 'spec.strategy.rollingUpdate.maxUnavailable', rollingUpdate.maxUnavailable);
  if (unavailable?.percent && unavailable.value > 100) {
    causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', rollingUpdate.maxUnavailable, 'must not be greater than 100%'));
  }
  if (surge?.value === 0 && unavailable?.value === 0) {
    causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  return causes;
}

function checkIntOrPercent(causes: Causes, field: string, value: unknown): { value: number; percent: boolean } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (value < 0) causes.push(invalid(field, value, 'must be greater than or equal to 0'));
    return { value, percent: false };
  }
  const match = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  if (!match) {
    causes.push(invalid(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
    return undefined;
  }
  return { value: Number(match[1]), percent: true };
}

