/**
 * The Service environment variables the kubelet gives every container (`FOO_SERVICE_HOST`,
 * `FOO_SERVICE_PORT`, and the Docker-link style `FOO_PORT_80_TCP…`), for the Services of the pod's
 * namespace that exist when the container starts (enableServiceLinks), plus the `kubernetes`
 * Service of `default`, which every pod sees.
 */
export interface ServiceForEnv {
  metadata: { name?: string; namespace?: string };
  spec?: { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] };
}

const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

export function serviceEnvVars(services: ServiceForEnv[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ip = service.spec?.clusterIP;
    const ports = service.spec?.ports ?? [];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const name = envName(String(service.metadata.name));
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0]!.port);
    for (const port of ports) if (port.name) env[`${name}_SERVICE_PORT_${envName(port.name)}`] = String(port.port);
    const first = ports[0]!;
    env[`${name}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
    for (const port of ports) {
      const protocol = port.protocol ?? 'TCP';
      const prefix = `${name}_PORT_${port.port}_${protocol.toUpperCase()}`;
      env[prefix] = `${protocol.toLowerCase()}://${ip}:${port.port}`;
      env[`${prefix}_PROTO`] = protocol.toLowerCase();
      env[`${prefix}_PORT`] = String(port.port);
      env[`${prefix}_ADDR`] = ip;
    }
  }
  return env;
}

/** Which Services a pod's containers see: its namespace's (unless enableServiceLinks is false) and `default/kubernetes`. */
export function visibleServices<T extends ServiceForEnv>(all: T[], namespace: string, enableServiceLinks: boolean): T[] {
  const master = all.filter((s) => s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes');
  const local = enableServiceLinks ? all.filter((s) => s.metadata.namespace === namespace && !(namespace === 'default' && s.metadata.name === 'kubernetes')) : [];
  return [...local, ...master];
}
