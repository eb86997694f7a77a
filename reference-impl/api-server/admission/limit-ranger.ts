/**
 * LimitRanger, pure part: a new Pod's containers get the default limits and requests of the
 * namespace's Container LimitRanges (recorded in the kubernetes.io/limit-ranger annotation), then
 * every container and the pod as a whole must respect min, max and maxLimitRequestRatio, with
 * upstream's messages ("minimum cpu usage per Container is 100m, but request is 50m").
 */
import { formatQuantity, parseQuantity, type Quantity } from '../strategy/quantity.js';
import { listOf } from './quota.js';

type Json = Record<string, any>;

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** Fills defaults in place; returns what was set, as upstream words it in the annotation. */
export function applyLimitRangeDefaults(pod: Json, limitRanges: Json[]): void {
  const set: string[] = [];
  for (const range of limitRanges) {
    for (const item of listOf(range.spec?.limits)) {
      if (item.type !== 'Container') continue;
      for (const container of [...listOf(pod.spec?.initContainers), ...listOf(pod.spec?.containers)]) {
        const resources = (container.resources ??= {});
        for (const [kind, defaults, word] of [['limits', item.default, 'limit'], ['requests', item.defaultRequest, 'request']] as const) {
          for (const [name, value] of Object.entries((defaults ?? {}) as Json)) {
            const target = (resources[kind] ??= {});
            if (target[name] !== undefined) continue;
            target[name] = value;
            set.push(`${name} ${word} for ${container.name === undefined ? 'container' : `container ${container.name}`}`);
          }
        }
      }
    }
  }
  if (set.length > 0) {
    pod.metadata ??= {};
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${set.join('; ')}` };
  }
}

const text = (quantity: Quantity) => formatQuantity(quantity);

/** Every violation, in upstream's words; empty when the pod fits. */
export function limitRangeViolations(pod: Json, limitRanges: Json[]): string[] {
  const problems: string[] = [];
  for (const range of limitRanges) {
    for (const item of listOf(range.spec?.limits)) {
      if (item.type === 'Container') {
        for (const container of [...listOf(pod.spec?.initContainers), ...listOf(pod.spec?.containers)]) {
          checkItem(item, container.resources?.requests ?? {}, container.resources?.limits ?? {}, 'Container', problems);
        }
      } else if (item.type === 'Pod') {
        const requests: Json = {};
        const limits: Json = {};
        for (const container of listOf(pod.spec?.containers)) {
          accumulate(requests, container.resources?.requests);
          accumulate(limits, container.resources?.limits);
        }
        checkItem(item, requests, limits, 'Pod', problems);
      }
    }
  }
  return problems;
}

function accumulate(into: Json, values: Json | undefined): void {
  for (const [name, value] of Object.entries(values ?? {})) {
    const quantity = parseQuantity(value);
    if (!quantity) continue;
    const previous = into[name] as Quantity | undefined;
    into[name] = previous ? { nanos: previous.nanos + quantity.nanos, format: previous.format } : quantity;
  }
}

const asQuantity = (value: unknown): Quantity | undefined =>
  value && typeof value === 'object' && 'nanos' in (value as object) ? (value as Quantity) : parseQuantity(value);

function checkItem(item: Json, requests: Json, limits: Json, scope: string, problems: string[]): void {
  for (const [name, minText] of Object.entries((item.min ?? {}) as Json)) {
    const min = parseQuantity(minText);
    const request = asQuantity(requests[name]);
    const limit = asQuantity(limits[name]);
    if (!min) continue;
    if (!request) problems.push(`minimum ${name} usage per ${scope} is ${text(min)}.  No request is specified`);
    else if (request.nanos < min.nanos) problems.push(`minimum ${name} usage per ${scope} is ${text(min)}, but request is ${text(request)}`);
    if (limit && limit.nanos < min.nanos) problems.push(`minimum ${name} usage per ${scope} is ${text(min)}, but limit is ${text(limit)}`);
  }
  for (const [name, maxText] of Object.entries((item.max ?? {}) as Json)) {
    const max = parseQuantity(maxText);
    const request = asQuantity(requests[name]);
    const limit = asQuantity(limits[name]);
    if (!max) continue;
    if (!limit) problems.push(`maximum ${name} usage per ${scope} is ${text(max)}.  No limit is specified`);
    else if (limit.nanos > max.nanos) problems.push(`maximum ${name} usage per ${scope} is ${text(max)}, but limit is ${text(limit)}`);
    if (request && request.nanos > max.nanos) problems.push(`maximum ${name} usage per ${scope} is ${text(max)}, but request is ${text(request)}`);
  }
  for (const [name, ratioText] of Object.entries((item.maxLimitRequestRatio ?? {}) as Json)) {
    const ratio = parseQuantity(ratioText);
    const request = asQuantity(requests[name]);
    const limit = asQuantity(limits[name]);
    if (!ratio) continue;
    if (!request || request.nanos === 0n || !limit) {
      problems.push(`${name} max limit to request ratio per ${scope} is ${text(ratio)}, but no request is specified or request is 0`);
      continue;
    }
    const actual = Number(limit.nanos) / Number(request.nanos);
    if (actual > Number(ratio.nanos) / 1e9) {
      problems.push(`${name} max limit to request ratio per ${scope} is ${text(ratio)}, but provided ratio is ${actual.toFixed(6)}`);
    }
  }
}
