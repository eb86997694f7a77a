/**
 * Service defaults and validation (SetDefaults_Service, ValidateService, ValidateServiceUpdate).
 * Addresses are allocated later, by admission (admission/service-allocation.ts); on update the
 * allocated values the client left out carry over first, and fields of the old type drop when the
 * type changes, as upstream's patchAllocatedValues and dropTypeDependentFields do.
 */
import { asList, asObject, asValues, duplicate, forbidden, invalid, notSupported, required, type Causes, type Json } from './field-errors.js';
import { validateObjectMeta } from './meta-validation.js';
import { dnsLabelErrors, dnsSubdomainErrors, isIP, labelsErrors, portNumberErrors, portNumberOrNameErrors } from './name-rules.js';
import type { ResourceStrategy } from './index.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

export const needsClusterIP = (spec: Json): boolean => spec.type !== 'ExternalName';
export const needsNodePorts = (spec: Json): boolean => spec.type === 'NodePort' || spec.type === 'LoadBalancer';

export const serviceStrategy: ResourceStrategy = {
  applyDefaults(object) {
    const spec = asObject(object.spec);
    object.spec = spec;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    // Switching affinity off drops its config (clients updating a ClientIP Service leave it in).
    if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
    if (spec.sessionAffinity === 'ClientIP') {
      const config = asObject(spec.sessionAffinityConfig);
      const clientIP = asObject(config.clientIP);
      clientIP.timeoutSeconds ??= 10800;
      spec.sessionAffinityConfig = { ...config, clientIP };
    }
    for (const port of asList(spec.ports)) {
      port.protocol ??= 'TCP';
      if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
    }
    if (spec.clusterIP === undefined && Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) spec.clusterIP = spec.clusterIPs[0];
    if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
    if (needsClusterIP(spec)) spec.internalTrafficPolicy ??= 'Cluster';
    if (needsNodePorts(spec)) spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  },
  validateCreate: (object) => validateService(object),
  validateUpdate(object, old) {
    carryOverAllocations(asObject(object.spec), asObject(old.spec));
    return [...validateService(object), ...validateClusterIPUpdate(asObject(object.spec), asObject(old.spec))];
  },
};

/** patchAllocatedValues + dropTypeDependentFields: mutates the new spec before it is checked. */
export function carryOverAllocations(spec: Json, old: Json): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = old.clusterIP;
    if (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) spec.clusterIPs = old.clusterIPs;
    spec.ipFamilies ??= old.ipFamilies;
    spec.ipFamilyPolicy ??= old.ipFamilyPolicy;
    if (spec.clusterIP === undefined) delete spec.clusterIP;
    if (spec.clusterIPs === undefined) delete spec.clusterIPs;
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    for (const port of asList(spec.ports)) {
      if (port.nodePort) continue;
      const previous = asList(old.ports).find((candidate) => candidate.port === port.port && (candidate.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
      if (previous?.nodePort) port.nodePort = previous.nodePort;
    }
  }
  if (!needsClusterIP(spec) && needsClusterIP(old)) {
    const unchanged = spec.clusterIP === undefined || spec.clusterIP === '' || spec.clusterIP === old.clusterIP;
    if (unchanged) {
      for (const field of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy']) delete spec[field];
    }
  }
  if (!needsNodePorts(spec)) {
    const oldPorts = new Map(asList(old.ports).map((port) => [`${port.port}/${port.protocol ?? 'TCP'}`, port.nodePort]));
    for (const port of asList(spec.ports)) {
      if (port.nodePort !== undefined && oldPorts.get(`${port.port}/${port.protocol ?? 'TCP'}`) === port.nodePort) delete port.nodePort;
    }
    delete spec.externalTrafficPolicy;
    if (spec.type !== 'LoadBalancer') delete spec.allocateLoadBalancerNodePorts;
  }
}

function validateService(object: Json): Causes {
  const spec = asObject(object.spec);
  const causes: Causes = [...validateObjectMeta(asObject(object.metadata))];
  if (!TYPES.includes(spec.type)) causes.push(notSupported('spec.type', spec.type ?? '', TYPES));
  const headless = spec.clusterIP === 'None';
  if (spec.type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '') causes.push(required('spec.externalName'));
    else causes.push(...dnsSubdomainErrors('spec.externalName', spec.externalName.replace(/\.$/, '')));
    if (spec.clusterIP !== undefined && spec.clusterIP !== '') {
      causes.push(forbidden('spec.clusterIP', 'may not be set for ExternalName services'));
    }
  } else {
    if (asList(spec.ports).length === 0 && !headless) causes.push(required('spec.ports'));
    causes.push(...validateClusterIPs(spec));
  }
  causes.push(...validatePorts(spec));
  causes.push(...labelsErrors('spec.selector', spec.selector));
  if (!AFFINITIES.includes(spec.sessionAffinity)) causes.push(notSupported('spec.sessionAffinity', spec.sessionAffinity ?? '', AFFINITIES));
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = asObject(asObject(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (!(typeof timeout === 'number' && timeout > 0 && timeout <= 86400)) {
      causes.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
    }
  } else if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    causes.push(forbidden('spec.sessionAffinityConfig', `must not be set when session affinity is ${spec.sessionAffinity}`));
  }
  if (spec.externalTrafficPolicy !== undefined) {
    if (!needsNodePorts(spec)) {
      causes.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
    } else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
      causes.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
    }
  }
  if (spec.internalTrafficPolicy !== undefined && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    causes.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  asValues(spec.externalIPs).forEach((ip, index) => {
    if (typeof ip !== 'string' || !isIP(ip)) causes.push(invalid(`spec.externalIPs[${index}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  return causes;
}

function validateClusterIPs(spec: Json): Causes {
  const causes: Causes = [];
  const clusterIPs = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []) as unknown[];
  if (spec.clusterIP !== undefined && spec.clusterIP !== '' && clusterIPs.length > 0 && clusterIPs[0] !== spec.clusterIP) {
    causes.push(invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  }
  clusterIPs.forEach((ip, index) => {
    if (ip === 'None' && index === 0) return;
    if (typeof ip !== 'string' || !isIP(ip)) causes.push(invalid(`spec.clusterIPs[${index}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  if (clusterIPs.length > 2) causes.push(invalid('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  asValues(spec.ipFamilies).forEach((family, index) => {
    if (typeof family !== 'string' || !IP_FAMILIES.includes(family)) causes.push(notSupported(`spec.ipFamilies[${index}]`, family, IP_FAMILIES));
  });
  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    causes.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  return causes;
}

function validatePorts(spec: Json): Causes {
  const causes: Causes = [];
  const ports = asList(spec.ports);
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((port, index) => {
    const at = `spec.ports[${index}]`;
    if (ports.length > 1 && (port.name === undefined || port.name === '')) causes.push(required(`${at}.name`));
    if (typeof port.name === 'string' && port.name !== '') {
      causes.push(...dnsLabelErrors(`${at}.name`, port.name));
      if (names.has(port.name)) causes.push(duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    causes.push(...portNumberErrors(`${at}.port`, port.port));
    if (!PROTOCOLS.includes(port.protocol)) causes.push(notSupported(`${at}.protocol`, port.protocol ?? '', PROTOCOLS));
    if (spec.type !== 'ExternalName' || port.targetPort !== undefined) causes.push(...portNumberOrNameErrors(`${at}.targetPort`, port.targetPort));
    const key = `${port.port}/${port.protocol}`;
    if (keys.has(key)) causes.push(duplicate(at, { port: port.port, protocol: port.protocol }));
    keys.add(key);
    if (port.nodePort !== undefined && port.nodePort !== 0) {
      if (!needsNodePorts(spec)) causes.push(forbidden(`${at}.nodePort`, `may not be used when \`type\` is '${spec.type}'`));
      const nodeKey = `${port.nodePort}/${port.protocol}`;
      if (nodePorts.has(nodeKey)) causes.push(duplicate(`${at}.nodePort`, port.nodePort));
      nodePorts.add(nodeKey);
    }
  });
  return causes;
}

function validateClusterIPUpdate(spec: Json, old: Json): Causes {
  if (!needsClusterIP(spec) || !needsClusterIP(old)) return [];
  const before = old.clusterIP;
  if (before === undefined || before === '') return [];
  if (spec.clusterIP !== before) return [invalid('spec.clusterIPs[0]', spec.clusterIP ?? '', 'may not change once set')];
  return [];
}
