import type { V1Service, V1ServicePort } from '@kubernetes/client-node';

export interface ServiceOptions {
  selector?: Record<string, string>;
  ports: Array<V1ServicePort | number>;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  labels?: Record<string, string>;
  clusterIP?: string;
  externalName?: string;
  sessionAffinity?: 'None' | 'ClientIP';
}

export function service(name: string, options: ServiceOptions): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(options.labels ? { labels: { ...options.labels } } : {}) },
    spec: {
      ...(options.type ? { type: options.type } : {}),
      ...(options.selector ? { selector: { ...options.selector } } : {}),
      ports: options.ports.map((port) => (typeof port === 'number' ? { port, protocol: 'TCP' } : port)),
      ...(options.clusterIP !== undefined ? { clusterIP: options.clusterIP } : {}),
      ...(options.externalName ? { externalName: options.externalName } : {}),
      ...(options.sessionAffinity ? { sessionAffinity: options.sessionAffinity } : {}),
    },
  };
}
