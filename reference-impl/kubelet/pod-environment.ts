import { RESOURCES, type ApiClient, type KubeObject } from '../client/index.ts';
import type { ResolverConfig } from './images/types.ts';
import type { ContainerSpec, Pod } from './pod-types.ts';
import { serviceEnvVars, visibleServices, type ServiceForEnv } from './service-env.ts';

/**
 * What a container sees of its pod: resolv.conf per dnsPolicy/dnsConfig, the kubelet-managed
 * hosts file, and environment variables (values, fieldRefs, ConfigMap/Secret keys, and the
 * `kubernetes` Service variables every pod gets).
 */
/** What a pod's resolver and environment take from the cluster's address plan. */
export interface PodNetworkView {
  dnsServiceIP: string;
  /** Port the cluster DNS answers on (53 unless a test moved it). */
  dnsPort: number;
  kubernetesServiceIP: string;
  clusterDomain: string;
}

export function resolverFor(pod: Pod, podIP: string, cluster: PodNetworkView): ResolverConfig {
  const { dnsServiceIP, dnsPort, clusterDomain } = cluster;
  const namespace = pod.metadata.namespace ?? 'default';
  const spec = pod.spec;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec.hostNetwork);
  let nameservers: string[] = [];
  let searches: string[] = [];
  let ndots = 1;
  if (clusterFirst) {
    nameservers = [dnsServiceIP];
    searches = [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain];
    ndots = 5;
  } else if (policy === 'Default' || policy === 'ClusterFirst') {
    // The node's resolv.conf: the reference nodes resolve through cluster DNS, without search paths.
    nameservers = [dnsServiceIP];
  }
  const config = spec.dnsConfig;
  if (config) {
    nameservers = [...nameservers, ...(config.nameservers ?? [])].slice(0, 3);
    searches = [...searches, ...(config.searches ?? [])].slice(0, 32);
    const ndotsOption = config.options?.find((option) => option.name === 'ndots');
    if (ndotsOption?.value !== undefined) ndots = Number(ndotsOption.value);
  }
  const hostname = podHostname(pod);
  const hosts: Record<string, string> = { localhost: podIP };
  if (!spec.hostNetwork) {
    hosts[hostname] = podIP;
    if (spec.subdomain) hosts[`${hostname}.${spec.subdomain}.${namespace}.svc.${clusterDomain}`] = podIP;
  }
  for (const alias of spec.hostAliases ?? []) for (const name of alias.hostnames) hosts[name] ??= alias.ip;
  return { nameservers, searches, ndots, port: dnsPort, hosts };
}

/** spec.hostname, else the pod name, cut to 63 characters like the kubelet. */
export function podHostname(pod: Pod): string {
  return (pod.spec.hostname || String(pod.metadata.name)).slice(0, 63).replace(/[-.]+$/, '');
}

export function fieldValue(pod: Pod, podIP: string, hostIP: string, path: string): string {
  if (path === 'metadata.labels' || path === 'metadata.annotations') {
    const map = (path === 'metadata.labels' ? pod.metadata.labels : pod.metadata.annotations) ?? {};
    return Object.keys(map).sort().map((key) => `${key}=${JSON.stringify(map[key])}`).join('\n');
  }
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return (pod.metadata[label[1] as 'labels'] as Record<string, string> | undefined)?.[label[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return String(pod.metadata.name);
    case 'metadata.namespace':
      return String(pod.metadata.namespace);
    case 'metadata.uid':
      return String(pod.metadata.uid);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return String((pod.spec as { serviceAccountName?: string }).serviceAccountName ?? 'default');
    case 'status.podIP':
    case 'status.podIPs':
      return podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP;
    default:
      return '';
  }
}

export async function containerEnv(
  client: ApiClient,
  pod: Pod,
  container: ContainerSpec,
  podIP: string,
  hostIP: string,
  kubernetesServiceIP: string,
  services: ServiceForEnv[] = [],
): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    KUBERNETES_SERVICE_HOST: kubernetesServiceIP,
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: `tcp://${kubernetesServiceIP}:443`,
    ...serviceEnvVars(visibleServices(services, String(pod.metadata.namespace), (pod.spec as { enableServiceLinks?: boolean }).enableServiceLinks !== false)),
    HOSTNAME: podHostname(pod),
  };
  const namespace = pod.metadata.namespace;
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const isSecret = source.secretRef !== undefined;
    try {
      const object = await client.get<KubeObject & { data?: Record<string, string> }>(isSecret ? RESOURCES.secrets : RESOURCES.configmaps, namespace, ref.name);
      for (const [key, value] of Object.entries(object.data ?? {})) env[`${source.prefix ?? ''}${key}`] = isSecret ? Buffer.from(value, 'base64').toString('utf8') : value;
    } catch {
      // An optional (or missing) source adds nothing; upstream refuses to start on a missing required one.
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = expandReferences(variable.value, env);
    else if (variable.valueFrom?.fieldRef) env[variable.name] = fieldValue(pod, podIP, hostIP, variable.valueFrom.fieldRef.fieldPath);
    else if (variable.valueFrom?.configMapKeyRef || variable.valueFrom?.secretKeyRef) {
      const ref = (variable.valueFrom.configMapKeyRef ?? variable.valueFrom.secretKeyRef) as { name: string; key: string };
      const isSecret = variable.valueFrom.secretKeyRef !== undefined;
      try {
        const source = await client.get<KubeObject & { data?: Record<string, string> }>(isSecret ? RESOURCES.secrets : RESOURCES.configmaps, namespace, ref.name);
        const raw = source.data?.[ref.key] ?? '';
        env[variable.name] = isSecret ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      } catch {
        env[variable.name] = '';
      }
    } else env[variable.name] = '';
  }
  return env;
}

/**
 * `$(VAR)` references, as the kubelet expands them in env values, command and args: a known
 * variable is substituted, unknown ones stay as written, and `$$` is always an escaped `$`, so
 * `$$(VAR)` gives a literal `$(VAR)` and a shell's `"$$(dig …)"`/`"$$check"` reach the shell as
 * `"$(dig …)"`/`"$check"` (upstream's DNS probe scripts are written that way).
 */
export function expandReferences(value: string, env: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const next = value[i + 1];
    if (char !== '$' || next === undefined) {
      out += char;
      continue;
    }
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    const close = next === '(' ? value.indexOf(')', i + 2) : -1;
    if (close < 0) {
      // Not a reference (or one never closed): the `$` stays and scanning goes on after it.
      out += '$';
      continue;
    }
    const name = value.slice(i + 2, close);
    out += env[name] ?? `$(${name})`;
    i = close;
  }
  return out;
}
