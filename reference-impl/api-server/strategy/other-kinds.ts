/**
 * Strategies of the smaller kinds: ConfigMap, Secret, Event,
 * ResourceQuota, LimitRange, Lease, HorizontalPodAutoscaler (stored as autoscaling/v2),
 * ControllerRevision, Node, Namespace, ServiceAccount.
 */
import { asList, asObject, asValues, forbidden, immutable, invalid, nonNegative, notSupported, required, type Causes, type Json } from './field-errors.js';
import { validateObjectMeta } from './meta-validation.js';
import { qualifiedNameErrors } from './name-rules.js';
import { parseQuantity, QUANTITY_MESSAGE } from './quantity.js';
import type { ResourceStrategy } from './index.js';

const metaOnly = (object: Json): Causes => validateObjectMeta(asObject(object.metadata));

export const metadataOnlyStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: metaOnly,
  validateUpdate: metaOnly,
};

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MESSAGE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function validateDataKeys(object: Json): Causes {
  const causes: Causes = [];
  const binary = asObject(object.binaryData);
  for (const field of ['data', 'binaryData', 'stringData'] as const) {
    for (const key of Object.keys(asObject(object[field]))) {
      if (!CONFIG_KEY.test(key) || key.length > 253) causes.push(invalid(`${field}[${key}]`, key, CONFIG_KEY_MESSAGE));
      if (field === 'data' && key in binary) causes.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
  }
  return causes;
}

function immutableData(object: Json, old: Json): Causes {
  if (old.immutable !== true) return [];
  const causes: Causes = [];
  if (object.immutable !== true) causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of ['data', 'binaryData']) {
    if (JSON.stringify(object[field] ?? {}) !== JSON.stringify(old[field] ?? {})) causes.push(forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return causes;
}

export const configMapStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: (object) => [...metaOnly(object), ...validateDataKeys(object)],
  validateUpdate: (object, old) => [...metaOnly(object), ...validateDataKeys(object), ...immutableData(object, old)],
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const REQUIRED_SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
};

export const secretStrategy: ResourceStrategy = {
  applyDefaults(object) {
    object.type ??= 'Opaque';
  },
  validateCreate: (object) => validateSecret(object),
  validateUpdate(object, old) {
    const causes = [...validateSecret(object), ...immutableData(object, old)];
    if (object.type !== old.type) causes.push(immutable('type', object.type));
    return causes;
  },
};

function validateSecret(object: Json): Causes {
  const causes = [...metaOnly(object), ...validateDataKeys(object)];
  const data = asObject(object.data);
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
      causes.push(invalid(`data[${key}]`, '<secret contents redacted>', 'must be base64-encoded'));
    }
  }
  for (const key of REQUIRED_SECRET_KEYS[String(object.type)] ?? []) {
    if (!(key in data) && !(key in asObject(object.stringData))) causes.push(required(`data[${key}]`));
  }
  return causes;
}

export const eventStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: (object) => validateEvent(object),
  validateUpdate: (object) => validateEvent(object),
};

function validateEvent(object: Json): Causes {
  const causes = metaOnly(object);
  const namespace = asObject(object.metadata).namespace;
  const involved = asObject(object.involvedObject);
  if (involved.namespace && namespace && involved.namespace !== namespace && namespace !== 'default') {
    causes.push(invalid('involvedObject.namespace', involved.namespace, 'does not match event.namespace'));
  }
  if (object.type !== undefined && object.type !== '' && !['Normal', 'Warning'].includes(object.type)) {
    causes.push(notSupported('type', object.type, ['Normal', 'Warning']));
  }
  return causes;
}

function validateQuantities(values: unknown, path: string, causes: Causes): void {
  for (const [name, value] of Object.entries(asObject(values))) {
    const at = `${path}[${name}]`;
    if (name.includes('/')) causes.push(...qualifiedNameErrors(at, name));
    const quantity = parseQuantity(value);
    if (!quantity) causes.push(invalid(at, value, QUANTITY_MESSAGE));
    else if (quantity.nanos < 0n) causes.push(invalid(at, value, 'must be greater than or equal to 0'));
  }
}

const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

export const resourceQuotaStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: (object) => validateQuota(object),
  validateUpdate: (object) => validateQuota(object),
};

function validateQuota(object: Json): Causes {
  const causes = metaOnly(object);
  const spec = asObject(object.spec);
  validateQuantities(spec.hard, 'spec.hard', causes);
  validateQuantities(asObject(object.status).hard, 'status.hard', causes);
  validateQuantities(asObject(object.status).used, 'status.used', causes);
  asValues(spec.scopes).forEach((scope, index) => {
    if (typeof scope !== 'string' || !QUOTA_SCOPES.includes(scope)) causes.push(notSupported(`spec.scopes[${index}]`, scope, QUOTA_SCOPES));
  });
  return causes;
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

export const limitRangeStrategy: ResourceStrategy = {
  applyDefaults(object) {
    // Container limits: default falls back to max; defaultRequest to default, then to min.
    for (const limit of asList(asObject(object.spec).limits)) {
      if (limit.type !== 'Container') continue;
      const max = asObject(limit.max);
      if (Object.keys(max).length > 0) limit.default = { ...max, ...asObject(limit.default) };
      const defaults = asObject(limit.default);
      const fromMin = asObject(limit.min);
      if (Object.keys(defaults).length + Object.keys(fromMin).length > 0) {
        limit.defaultRequest = { ...fromMin, ...defaults, ...asObject(limit.defaultRequest) };
      }
    }
  },
  validateCreate: (object) => validateLimitRange(object),
  validateUpdate: (object) => validateLimitRange(object),
};

function validateLimitRange(object: Json): Causes {
  const causes = metaOnly(object);
  asList(asObject(object.spec).limits).forEach((limit, index) => {
    const at = `spec.limits[${index}]`;
    if (!LIMIT_TYPES.includes(limit.type)) causes.push(notSupported(`${at}.type`, limit.type ?? '', LIMIT_TYPES));
    for (const field of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) validateQuantities(limit[field], `${at}.${field}`, causes);
    if (limit.type === 'Pod' && (limit.default !== undefined || limit.defaultRequest !== undefined)) {
      causes.push(forbidden(`${at}.default`, 'may not be specified when `type` is \'Pod\''));
    }
    for (const [name, min] of Object.entries(asObject(limit.min))) {
      const max = asObject(limit.max)[name];
      const minQuantity = parseQuantity(min);
      const maxQuantity = parseQuantity(max);
      if (minQuantity && maxQuantity && minQuantity.nanos > maxQuantity.nanos) {
        causes.push(invalid(`${at}.min[${name}]`, min, `min value ${String(min)} is greater than max value ${String(max)}`));
      }
    }
  });
  return causes;
}

export const leaseStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: (object) => validateLease(object),
  validateUpdate: (object) => validateLease(object),
};

function validateLease(object: Json): Causes {
  const causes = metaOnly(object);
  const spec = asObject(object.spec);
  if (spec.leaseDurationSeconds !== undefined && !(typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds > 0)) {
    causes.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  nonNegative(causes, 'spec.leaseTransitions', spec.leaseTransitions);
  return causes;
}

export const horizontalPodAutoscalerStrategy: ResourceStrategy = {
  applyDefaults(object) {
    const spec = asObject(object.spec);
    object.spec = spec;
    spec.minReplicas ??= 1;
    if (asList(spec.metrics).length === 0) {
      spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    }
    // A behavior given in part is completed with the default scaling rules.
    if (spec.behavior && typeof spec.behavior === 'object') {
      const behavior = spec.behavior as Json;
      const rules = (given: unknown, defaults: Json): Json => {
        const rule = { ...asObject(given) };
        rule.stabilizationWindowSeconds ??= defaults.stabilizationWindowSeconds;
        rule.selectPolicy ??= 'Max';
        if (asList(rule.policies).length === 0) rule.policies = defaults.policies;
        return rule;
      };
      behavior.scaleUp = rules(behavior.scaleUp, {
        stabilizationWindowSeconds: 0,
        policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
      });
      behavior.scaleDown = rules(behavior.scaleDown, { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    }
  },
  validateCreate: (object) => validateAutoscaler(object),
  validateUpdate: (object) => validateAutoscaler(object),
};

function validateAutoscaler(object: Json): Causes {
  const causes = metaOnly(object);
  const spec = asObject(object.spec);
  const target = asObject(spec.scaleTargetRef);
  if (!target.kind) causes.push(required('spec.scaleTargetRef.kind'));
  if (!target.name) causes.push(required('spec.scaleTargetRef.name'));
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) {
    causes.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  }
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) {
    causes.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  } else if (typeof spec.minReplicas === 'number' && spec.maxReplicas < spec.minReplicas) {
    causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  return causes;
}

export const controllerRevisionStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate(object) {
    const causes = metaOnly(object);
    nonNegative(causes, 'revision', object.revision);
    return causes;
  },
  validateUpdate(object, old) {
    const causes = metaOnly(object);
    nonNegative(causes, 'revision', object.revision);
    if (JSON.stringify(object.data) !== JSON.stringify(old.data)) causes.push(forbidden('data', 'field is immutable'));
    return causes;
  },
};

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const nodeStrategy: ResourceStrategy = {
  applyDefaults() {},
  validateCreate: (object) => validateNode(object),
  validateUpdate: (object) => validateNode(object),
};

function validateNode(object: Json): Causes {
  const causes = metaOnly(object);
  asList(asObject(object.spec).taints).forEach((taint, index) => {
    if (!taint.key) causes.push(required(`spec.taints[${index}].key`));
    else causes.push(...qualifiedNameErrors(`spec.taints[${index}].key`, String(taint.key)));
    if (!TAINT_EFFECTS.includes(taint.effect)) causes.push(notSupported(`spec.taints[${index}].effect`, taint.effect ?? '', TAINT_EFFECTS));
  });
  return causes;
}
