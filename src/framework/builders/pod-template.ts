import type { V1Container, V1PodSpec, V1PodTemplateSpec, V1Probe, V1ResourceRequirements } from '@kubernetes/client-node';

/** What a test says about the pods of a workload or a bare pod. */
export interface PodOptions {
  image: string;
  /** Defaults to the image's repository name (`httpd`, `agnhost`), as upstream's helpers name containers. */
  containerName?: string;
  args?: string[];
  command?: string[];
  /** Container ports: a number, or `{ name, containerPort }`. */
  ports?: Array<number | { name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' }>;
  env?: Record<string, string>;
  resources?: V1ResourceRequirements;
  readinessProbe?: V1Probe;
  livenessProbe?: V1Probe;
  /** Upstream's workload helpers use 0 so deletions do not wait on grace periods. */
  terminationGracePeriodSeconds?: number;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Full control for multi-container pods; replaces the single container built from the fields above. */
  containers?: V1Container[];
}

/** `registry.k8s.io/e2e-test-images/agnhost:2.63.0` → `agnhost`. */
export function containerNameFor(image: string): string {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const repository = lastSegment.split(/[:@]/)[0] ?? 'main';
  return repository.toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'main';
}

export function container(options: PodOptions): V1Container {
  return {
    name: options.containerName ?? containerNameFor(options.image),
    image: options.image,
    ...(options.command ? { command: options.command } : {}),
    ...(options.args ? { args: options.args } : {}),
    ...(options.ports
      ? { ports: options.ports.map((port) => (typeof port === 'number' ? { containerPort: port } : port)) }
      : {}),
    ...(options.env ? { env: Object.entries(options.env).map(([name, value]) => ({ name, value })) } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.readinessProbe ? { readinessProbe: options.readinessProbe } : {}),
    ...(options.livenessProbe ? { livenessProbe: options.livenessProbe } : {}),
  };
}

export function podSpec(options: PodOptions): V1PodSpec {
  return {
    containers: options.containers ?? [container(options)],
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 0,
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
  };
}

export function podTemplate(labels: Record<string, string>, options: PodOptions): V1PodTemplateSpec {
  return { metadata: { labels: { ...labels } }, spec: podSpec(options) };
}
