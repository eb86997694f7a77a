/**
 * Validation of pod specs (ValidatePodSpec and friends in pkg/apis/core/validation) for Pods and
 * pod templates: containers, ports, env, probes, resources, volumes and policies, with
 * upstream's field paths and messages.
 */
import {
  asList,
  asObject,
  asValues,
  duplicate,
  forbidden,
  invalid,
  nonNegative,
  notFound,
  notSupported,
  required,
  type Causes,
  type Json,
} from './field-errors.js';
import {
  dnsLabelErrors,
  dnsSubdomainErrors,
  envVarNameErrors,
  labelsErrors,
  portNameErrors,
  portNumberErrors,
  portNumberOrNameErrors,
  qualifiedNameErrors,
} from './name-rules.js';
import { volumeSourcesOf } from './pod-defaults.js';
import { parseQuantity, QUANTITY_MESSAGE, formatQuantity } from './quantity.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

export function validatePodSpec(spec: Json, path: string): Causes {
  const causes: Causes = [];
  const volumes = validateVolumes(asList(spec.volumes), `${path}.volumes`, causes);
  const containers = asList(spec.containers);
  if (containers.length === 0) causes.push(required(`${path}.containers`));
  const names = new Set<string>();
  for (const [kind, list] of [['initContainers', asList(spec.initContainers)], ['containers', containers]] as const) {
    list.forEach((container, index) => {
      const at = `${path}.${kind}[${index}]`;
      if (typeof container.name === 'string' && names.has(container.name)) causes.push(duplicate(`${at}.name`, container.name));
      if (typeof container.name === 'string') names.add(container.name);
      causes.push(...validateContainer(container, at, volumes, kind === 'containers'));
    });
  }
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    causes.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) {
    causes.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  }
  nonNegative(causes, `${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds);
  if (spec.activeDeadlineSeconds !== undefined && !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 1)) {
    causes.push(invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  causes.push(...labelsErrors(`${path}.nodeSelector`, spec.nodeSelector));
  for (const field of ['hostname', 'subdomain'] as const) {
    if (typeof spec[field] === 'string' && spec[field] !== '') causes.push(...dnsLabelErrors(`${path}.${field}`, spec[field]));
  }
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    causes.push(...dnsSubdomainErrors(`${path}.serviceAccountName`, spec.serviceAccountName));
  }
  asList(spec.tolerations).forEach((toleration, index) => causes.push(...validateToleration(toleration, `${path}.tolerations[${index}]`)));
  return causes;
}

function validateVolumes(volumes: Json[], path: string, causes: Causes): Set<string> {
  const names = new Set<string>();
  volumes.forEach((volume, index) => {
    const at = `${path}[${index}]`;
    if (typeof volume.name !== 'string' || volume.name === '') causes.push(required(`${at}.name`));
    else {
      causes.push(...dnsLabelErrors(`${at}.name`, volume.name));
      if (names.has(volume.name)) causes.push(duplicate(`${at}.name`, volume.name));
      names.add(volume.name);
    }
    const sources = volumeSourcesOf(volume);
    if (sources.length === 0) causes.push(required(at, 'must specify a volume type'));
    if (sources.length > 1) causes.push(forbidden(`${at}.${sources[1]}`, 'may not specify more than 1 volume type'));
  });
  return names;
}

function validateContainer(container: Json, path: string, volumes: Set<string>, regular: boolean): Causes {
  const causes: Causes = [];
  if (typeof container.name !== 'string' || container.name === '') causes.push(required(`${path}.name`));
  else causes.push(...dnsLabelErrors(`${path}.name`, container.name));
  if (typeof container.image !== 'string' || container.image.trim() === '') causes.push(required(`${path}.image`));
  else if (container.image !== container.image.trim()) causes.push(invalid(`${path}.image`, container.image, 'must not have leading or trailing whitespace'));
  if (container.imagePullPolicy !== undefined && !PULL_POLICIES.includes(container.imagePullPolicy)) {
    causes.push(notSupported(`${path}.imagePullPolicy`, container.imagePullPolicy, PULL_POLICIES));
  }
  if (container.terminationMessagePolicy !== undefined && !MESSAGE_POLICIES.includes(container.terminationMessagePolicy)) {
    causes.push(notSupported(`${path}.terminationMessagePolicy`, container.terminationMessagePolicy, MESSAGE_POLICIES));
  }
  if (container.restartPolicy !== undefined) {
    if (regular) causes.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
    else if (container.restartPolicy !== 'Always') causes.push(notSupported(`${path}.restartPolicy`, container.restartPolicy, ['Always']));
  }
  causes.push(...validatePorts(asList(container.ports), `${path}.ports`));
  asList(container.env).forEach((env, index) => {
    const at = `${path}.env[${index}]`;
    if (typeof env.name !== 'string' || env.name === '') causes.push(required(`${at}.name`));
    else causes.push(...envVarNameErrors(`${at}.name`, env.name));
    if (env.value !== undefined && env.value !== '' && env.valueFrom !== undefined) {
      causes.push(invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    }
  });
  const mountPaths = new Set<string>();
  asList(container.volumeMounts).forEach((mount, index) => {
    const at = `${path}.volumeMounts[${index}]`;
    if (typeof mount.name !== 'string' || mount.name === '') causes.push(required(`${at}.name`));
    else if (!volumes.has(mount.name)) causes.push(notFound(`${at}.name`, mount.name));
    if (typeof mount.mountPath !== 'string' || mount.mountPath === '') causes.push(required(`${at}.mountPath`));
    else if (mountPaths.has(mount.mountPath)) causes.push(invalid(`${at}.mountPath`, mount.mountPath, 'must be unique'));
    else mountPaths.add(mount.mountPath);
  });
  causes.push(...validateResources(asObject(container.resources), `${path}.resources`));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (container[probe] === undefined || container[probe] === null) continue;
    if (!regular && container.restartPolicy !== 'Always') {
      causes.push(forbidden(`${path}.${probe}`, 'may not be set for init containers without restartPolicy=Always'));
      continue;
    }
    causes.push(...validateProbe(asObject(container[probe]), `${path}.${probe}`, probe));
  }
  return causes;
}

function validatePorts(ports: Json[], path: string): Causes {
  const causes: Causes = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const at = `${path}[${index}]`;
    if (port.name !== undefined && port.name !== '') {
      causes.push(...portNameErrors(`${at}.name`, String(port.name)));
      if (names.has(port.name)) causes.push(duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0) causes.push(required(`${at}.containerPort`));
    else causes.push(...portNumberErrors(`${at}.containerPort`, port.containerPort));
    if (port.hostPort !== undefined && port.hostPort !== 0) causes.push(...portNumberErrors(`${at}.hostPort`, port.hostPort));
    if (port.protocol === undefined || port.protocol === '') causes.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) causes.push(notSupported(`${at}.protocol`, port.protocol, PROTOCOLS));
  });
  return causes;
}

export function validateProbe(probe: Json, path: string, which: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): Causes {
  const causes: Causes = [];
  const handlers = PROBE_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (handlers.length === 0) causes.push(required(path, 'must specify a handler type'));
  if (handlers.length > 1) causes.push(forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    nonNegative(causes, `${path}.${field}`, probe[field]);
  }
  if (which !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    causes.push(invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  if (which === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined) {
    causes.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0) {
    causes.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  const httpGet = asObject(probe.httpGet);
  if (probe.httpGet) {
    causes.push(...portNumberOrNameErrors(`${path}.httpGet.port`, httpGet.port));
    if (httpGet.scheme !== undefined && !['HTTP', 'HTTPS'].includes(httpGet.scheme)) {
      causes.push(notSupported(`${path}.httpGet.scheme`, httpGet.scheme, ['HTTP', 'HTTPS']));
    }
  }
  if (probe.tcpSocket) causes.push(...portNumberOrNameErrors(`${path}.tcpSocket.port`, asObject(probe.tcpSocket).port));
  if (probe.grpc) causes.push(...portNumberErrors(`${path}.grpc.port`, asObject(probe.grpc).port));
  if (probe.exec && asValues(asObject(probe.exec).command).length === 0) causes.push(required(`${path}.exec.command`));
  return causes;
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);

export function validateResources(resources: Json, path: string): Causes {
  const causes: Causes = [];
  const parsed: Record<'limits' | 'requests', Map<string, bigint>> = { limits: new Map(), requests: new Map() };
  for (const kind of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(asObject(resources[kind]))) {
      const at = `${path}.${kind}[${name}]`;
      if (!STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        if (!name.includes('/')) causes.push(invalid(at, name, 'must be a standard resource type or fully qualified'));
        else causes.push(...qualifiedNameErrors(at, name));
      }
      const quantity = parseQuantity(value);
      if (!quantity) {
        causes.push(invalid(at, value, QUANTITY_MESSAGE));
        continue;
      }
      if (quantity.nanos < 0n) causes.push(invalid(at, value, 'must be greater than or equal to 0'));
      parsed[kind].set(name, quantity.nanos);
    }
  }
  for (const [name, request] of parsed.requests) {
    const limit = parsed.limits.get(name);
    if (limit !== undefined && request > limit) {
      const requestText = String(asObject(resources.requests)[name]);
      causes.push(invalid(`${path}.requests`, requestText, `must be less than or equal to ${name} limit of ${formatQuantity({ nanos: limit, format: 'DecimalSI' })}`));
    }
  }
  return causes;
}

function validateToleration(toleration: Json, path: string): Causes {
  const causes: Causes = [];
  if (toleration.key !== undefined && toleration.key !== '') causes.push(...qualifiedNameErrors(`${path}.key`, String(toleration.key)));
  const operator = toleration.operator ?? 'Equal';
  if (!TOLERATION_OPERATORS.includes(operator)) causes.push(notSupported(`${path}.operator`, operator, TOLERATION_OPERATORS));
  if (operator === 'Exists' && toleration.value !== undefined && toleration.value !== '') {
    causes.push(invalid(`${path}.operator`, toleration, 'value must be empty when `operator` is \'Exists\''));
  }
  if ((toleration.key === undefined || toleration.key === '') && operator !== 'Exists') {
    causes.push(invalid(`${path}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  }
  if (toleration.effect !== undefined && toleration.effect !== '' && !TAINT_EFFECTS.includes(toleration.effect)) {
    causes.push(notSupported(`${path}.effect`, toleration.effect, TAINT_EFFECTS));
  }
  if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
    causes.push(invalid(`${path}.effect`, toleration.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
  }
  return causes;
}

const POD_UPDATE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * A running pod's spec is immutable but for images, activeDeadlineSeconds, added tolerations
 * and (for binding and scheduling gates) nodeName set once and schedulingGates removed.
 */
export function validatePodSpecUpdate(spec: Json, old: Json): Causes {
  const normalize = (value: Json, other: Json): Json => {
    const copy = structuredClone(value);
    for (const kind of ['containers', 'initContainers'] as const) {
      asList(copy[kind]).forEach((container, index) => {
        container.image = asList(other[kind])[index]?.image;
      });
    }
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    delete copy.schedulingGates;
    if (!old.nodeName) delete copy.nodeName;
    delete copy.ephemeralContainers;
    return copy;
  };
  const causes: Causes = [];
  if (JSON.stringify(canonical(normalize(spec, old))) !== JSON.stringify(canonical(normalize(old, old)))) {
    causes.push(forbidden('spec', POD_UPDATE_MESSAGE));
  }
  if (old.nodeName && spec.nodeName !== old.nodeName) causes.push(forbidden('spec', POD_UPDATE_MESSAGE));
  const oldTolerations = asList(old.tolerations).map((item) => JSON.stringify(canonical(item)));
  const newTolerations = new Set(asList(spec.tolerations).map((item) => JSON.stringify(canonical(item))));
  if (oldTolerations.some((item) => !newTolerations.has(item))) {
    causes.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  }
  return causes;
}

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
}
