/** Strategies of Endpoints and EndpointSlices (ValidateEndpoints, ValidateEndpointSlice, discovery/v1 defaults). */
import { asList, asValues, immutable, invalid, notSupported, required, type Causes, type Json } from './field-errors.js';
import { validateObjectMeta } from './meta-validation.js';
import { dnsSubdomainErrors, isIP, isIPv4, portNumberErrors } from './name-rules.js';
import type { ResourceStrategy } from './index.js';

const metaOnly = (object: Json): Causes => validateObjectMeta((object.metadata ?? {}) as Json);

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export const endpointsStrategy: ResourceStrategy = {
  applyDefaults(object) {
    for (const subset of asList(object.subsets)) for (const port of asList(subset.ports)) port.protocol ??= 'TCP';
  },
  validateCreate: (object) => validateEndpoints(object),
  validateUpdate: (object) => validateEndpoints(object),
};

function validateEndpoints(object: Json): Causes {
  const causes = metaOnly(object);
  asList(object.subsets).forEach((subset, index) => {
    const at = `subsets[${index}]`;
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      asList(subset[list]).forEach((address, addressIndex) => {
        if (typeof address.ip !== 'string' || !isIP(address.ip)) {
          causes.push(invalid(`${at}.${list}[${addressIndex}].ip`, address.ip ?? '', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
        }
      });
    }
    asList(subset.ports).forEach((port, portIndex) => {
      causes.push(...portNumberErrors(`${at}.ports[${portIndex}].port`, port.port));
      if (!PROTOCOLS.includes(port.protocol)) causes.push(notSupported(`${at}.ports[${portIndex}].protocol`, port.protocol ?? '', PROTOCOLS));
    });
  });
  return causes;
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export const endpointSliceStrategy: ResourceStrategy = {
  applyDefaults(object) {
    for (const port of asList(object.ports)) {
      port.protocol ??= 'TCP';
      port.name ??= '';
    }
  },
  validateCreate: (object) => validateEndpointSlice(object),
  validateUpdate(object, old) {
    const causes = validateEndpointSlice(object);
    if (object.addressType !== old.addressType) causes.push(immutable('addressType', object.addressType ?? ''));
    return causes;
  },
};

function validateEndpointSlice(object: Json): Causes {
  const causes = metaOnly(object);
  if (!ADDRESS_TYPES.includes(object.addressType)) causes.push(notSupported('addressType', object.addressType ?? '', ADDRESS_TYPES));
  const endpoints = asList(object.endpoints);
  if (endpoints.length > 1000) causes.push(invalid('endpoints', endpoints.length, 'must have at most 1000 items'));
  endpoints.forEach((endpoint, index) => {
    const addresses = asValues(endpoint.addresses);
    if (addresses.length === 0) causes.push(required(`endpoints[${index}].addresses`, 'must contain at least 1 address'));
    if (addresses.length > 100) causes.push(invalid(`endpoints[${index}].addresses`, addresses.length, 'must have at most 100 items'));
    addresses.forEach((address, addressIndex) => {
      const at = `endpoints[${index}].addresses[${addressIndex}]`;
      if (typeof address !== 'string') causes.push(invalid(at, address, 'must be a string'));
      else if (object.addressType === 'IPv4' && !isIPv4(address)) causes.push(invalid(at, address, 'must be a valid IPv4 address'));
      else if (object.addressType === 'FQDN') causes.push(...dnsSubdomainErrors(at, address));
    });
  });
  const ports = asList(object.ports);
  if (ports.length > 100) causes.push(invalid('ports', ports.length, 'must have at most 100 items'));
  ports.forEach((port, index) => {
    if (port.port !== undefined && port.port !== null && !(Number.isInteger(port.port) && port.port >= 0 && port.port <= 65535)) {
      causes.push(invalid(`ports[${index}].port`, port.port, 'must be between 0 and 65535, inclusive'));
    }
    if (!PROTOCOLS.includes(port.protocol)) causes.push(notSupported(`ports[${index}].protocol`, port.protocol ?? '', PROTOCOLS));
  });
  return causes;
}
