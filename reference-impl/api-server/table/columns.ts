import { age, listWithMore, mapSelector, orNone, podReadyCount, podRestarts, podStatus, selectorString, servicePorts } from './format.ts';

/**
 * The columns `kubectl get` shows for each kind (priority 1 = only with `-o wide`), with the
 * function computing one row's cells. Column sets follow kubernetes pkg/printers/internalversion.
 */
type Json = Record<string, any>;

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TablePrinter {
  columns: ColumnDefinition[];
  cells(object: Json, now: Date): unknown[];
}

function col(name: string, priority = 0, type = 'string', format = ''): ColumnDefinition {
  return { name, type, format, description: `${name} column`, priority };
}

const NAME = col('Name', 0, 'string', 'name');
const AGE = col('Age');

const containersOf = (spec: Json | undefined) => (spec?.template?.spec?.containers ?? spec?.containers ?? []) as Json[];
const names = (containers: Json[]) => containers.map((c) => c.name).join(',');
const images = (containers: Json[]) => containers.map((c) => c.image).join(',');

function nodeStatus(node: Json): string {
  const ready = ((node.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: Json): string {
  const roles = Object.keys(node.metadata?.labels ?? {})
    .filter((key) => key.startsWith('node-role.kubernetes.io/'))
    .map((key) => key.slice('node-role.kubernetes.io/'.length))
    .filter((role) => role !== '');
  return roles.length ? roles.sort().join(',') : '<none>';
}

function nodeAddress(node: Json, type: string): string {
  return orNone(((node.status?.addresses ?? []) as Json[]).find((a) => a.type === type)?.address);
}

function endpointAddresses(subsets: Json[] | undefined): string {
  const values: string[] = [];
  for (const subset of subsets ?? []) {
    const ports = (subset.ports ?? []) as Json[];
    for (const address of (subset.addresses ?? []) as Json[]) {
      if (ports.length === 0) values.push(address.ip);
      for (const port of ports) values.push(`${address.ip}:${port.port}`);
    }
  }
  return listWithMore(values);
}

function externalIPs(service: Json): string {
  const spec = service.spec ?? {};
  const ingress = ((service.status?.loadBalancer?.ingress ?? []) as Json[]).map((i) => i.ip ?? i.hostname);
  switch (spec.type) {
    case 'LoadBalancer':
      return ingress.length ? ingress.join(',') : spec.externalIPs?.length ? spec.externalIPs.join(',') : '<pending>';
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return spec.externalIPs?.length ? spec.externalIPs.join(',') : '<none>';
  }
}

function involvedObject(event: Json): string {
  const involved = event.involvedObject ?? {};
  return `${String(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`;
}

function hpaTargets(hpa: Json): string {
  const metrics = (hpa.spec?.metrics ?? []) as Json[];
  const current = (hpa.status?.currentMetrics ?? []) as Json[];
  if (metrics.length === 0) return '<none>';
  return metrics
    .map((metric, index) => {
      const target = metric.resource?.target ?? {};
      const now = current[index]?.resource?.current ?? {};
      const want = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : String(target.averageValue ?? target.value ?? '<unknown>');
      const have = now.averageUtilization !== undefined ? `${now.averageUtilization}%` : now.averageValue ?? '<unknown>';
      return `${metric.resource?.name ?? metric.type}: ${have}/${want}`;
    })
    .join(', ');
}

const replicaSetLike: TablePrinter = {
  columns: [NAME, col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer'), AGE, col('Containers', 1), col('Images', 1), col('Selector', 1)],
  cells: (rs, now) => [
    rs.metadata.name,
    rs.spec?.replicas ?? 0,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    age(rs.metadata.creationTimestamp, now),
    names(containersOf(rs.spec)),
    images(containersOf(rs.spec)),
    rs.kind === 'ReplicationController' ? mapSelector(rs.spec?.selector) : selectorString(rs.spec?.selector),
  ],
};

const eventPrinter: TablePrinter = {
  columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 1), col('Source', 1), col('Message'), col('First Seen', 1), col('Count', 1), col('Name', 1)],
  cells: (ev, now) => [
    age(ev.lastTimestamp ?? ev.deprecatedLastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp, now),
    ev.type ?? '',
    ev.reason ?? '',
    involvedObject(ev.involvedObject ? ev : { involvedObject: ev.regarding }),
    ev.involvedObject?.fieldPath ?? ev.regarding?.fieldPath ?? '',
    ev.source?.component ?? ev.reportingComponent ?? ev.reportingController ?? '',
    ev.message ?? ev.note ?? '',
    age(ev.firstTimestamp ?? ev.deprecatedFirstTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp, now),
    ev.count ?? ev.deprecatedCount ?? 1,
    ev.metadata.name,
  ],
};

const PRINTERS: Record<string, TablePrinter> = {
  Pod: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, col('IP', 1), col('Node', 1), col('Nominated Node', 1), col('Readiness Gates', 1)],
    cells: (pod, now) => {
      const gates = (pod.spec?.readinessGates ?? []) as Json[];
      const conditions = (pod.status?.conditions ?? []) as Json[];
      const readyGates = gates.filter((gate) => conditions.some((c) => c.type === gate.conditionType && c.status === 'True')).length;
      return [
        pod.metadata.name,
        podReadyCount(pod),
        podStatus(pod),
        podRestarts(pod, now),
        age(pod.metadata.creationTimestamp, now),
        orNone(pod.status?.podIP),
        orNone(pod.spec?.nodeName),
        orNone(pod.status?.nominatedNodeName),
        gates.length ? `${readyGates}/${gates.length}` : '<none>',
      ];
    },
  },
  Deployment: {
    columns: [NAME, col('Ready'), col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer'), AGE, col('Containers', 1), col('Images', 1), col('Selector', 1)],
    cells: (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now),
      names(containersOf(d.spec)),
      images(containersOf(d.spec)),
      selectorString(d.spec?.selector),
    ],
  },
  ReplicaSet: replicaSetLike,
  ReplicationController: replicaSetLike,
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 1)],
    cells: (svc, now) => [
      svc.metadata.name,
      svc.spec?.type ?? 'ClusterIP',
      orNone(svc.spec?.clusterIP),
      externalIPs(svc),
      servicePorts(svc.spec?.ports),
      age(svc.metadata.creationTimestamp, now),
      mapSelector(svc.spec?.selector),
    ],
  },
  Endpoints: {
    columns: [NAME, col('Endpoints'), AGE],
    cells: (ep, now) => [ep.metadata.name, endpointAddresses(ep.subsets), age(ep.metadata.creationTimestamp, now)],
  },
  EndpointSlice: {
    columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
    cells: (slice, now) => [
      slice.metadata.name,
      slice.addressType ?? '',
      listWithMore(((slice.ports ?? []) as Json[]).map((p) => String(p.port ?? '<unset>'))),
      listWithMore(((slice.endpoints ?? []) as Json[]).flatMap((e) => (e.addresses ?? []) as string[])),
      age(slice.metadata.creationTimestamp, now),
    ],
  },
  Node: {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 1), col('External-IP', 1), col('OS-Image', 1), col('Kernel-Version', 1), col('Container-Runtime', 1)],
    cells: (node, now) => [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      age(node.metadata.creationTimestamp, now),
      node.status?.nodeInfo?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      orNone(node.status?.nodeInfo?.osImage),
      orNone(node.status?.nodeInfo?.kernelVersion),
      orNone(node.status?.nodeInfo?.containerRuntimeVersion),
    ],
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', age(ns.metadata.creationTimestamp, now)],
  },
  ConfigMap: {
    columns: [NAME, col('Data', 0, 'integer'), AGE],
    cells: (cm, now) => [cm.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm.metadata.creationTimestamp, now)],
  },
  Secret: {
    columns: [NAME, col('Type'), col('Data', 0, 'integer'), AGE],
    cells: (s, now) => [s.metadata.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length + Object.keys(s.stringData ?? {}).length, age(s.metadata.creationTimestamp, now)],
  },
  ServiceAccount: {
    columns: [NAME, col('Secrets', 0, 'integer'), AGE],
    cells: (sa, now) => [sa.metadata.name, (sa.secrets ?? []).length, age(sa.metadata.creationTimestamp, now)],
  },
  Event: eventPrinter,
  ResourceQuota: {
    columns: [NAME, AGE, col('Request'), col('Limit')],
    cells: (quota, now) => {
      const hard = (quota.status?.hard ?? quota.spec?.hard ?? {}) as Record<string, string>;
      const used = (quota.status?.used ?? {}) as Record<string, string>;
      const format = (keys: string[]) => keys.sort().map((key) => `${key}: ${used[key] ?? '0'}/${hard[key]}`).join(', ');
      const keys = Object.keys(hard);
      return [
        quota.metadata.name,
        age(quota.metadata.creationTimestamp, now),
        format(keys.filter((key) => !key.startsWith('limits.'))),
        format(keys.filter((key) => key.startsWith('limits.'))),
      ];
    },
  },
  Lease: {
    columns: [NAME, col('Holder'), AGE],
    cells: (lease, now) => [lease.metadata.name, lease.spec?.holderIdentity ?? '', age(lease.metadata.creationTimestamp, now)],
  },
  HorizontalPodAutoscaler: {
    columns: [NAME, col('Reference'), col('Targets'), col('MinPods', 0, 'integer'), col('MaxPods', 0, 'integer'), col('Replicas', 0, 'integer'), AGE],
    cells: (hpa, now) => [
      hpa.metadata.name,
      `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
      hpa.spec?.targetCPUUtilizationPercentage !== undefined
        ? `cpu: ${hpa.status?.currentCPUUtilizationPercentage ?? '<unknown>'}${hpa.status?.currentCPUUtilizationPercentage !== undefined ? '%' : ''}/${hpa.spec.targetCPUUtilizationPercentage}%`
        : hpaTargets(hpa),
      hpa.spec?.minReplicas ?? 1,
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      age(hpa.metadata.creationTimestamp, now),
    ],
  },
  ControllerRevision: {
    columns: [NAME, col('Controller'), col('Revision', 0, 'integer'), AGE],
    cells: (rev, now) => {
      const owner = ((rev.metadata.ownerReferences ?? []) as Json[]).find((ref) => ref.controller);
      return [rev.metadata.name, owner ? `${String(owner.kind).toLowerCase()}.${String(owner.apiVersion).split('/')[0]}/${owner.name}` : '<none>', rev.revision ?? 0, age(rev.metadata.creationTimestamp, now)];
    },
  },
};

const DEFAULT_PRINTER: TablePrinter = {
  columns: [NAME, col('Created At', 0, 'date')],
  cells: (object) => [object.metadata.name, object.metadata.creationTimestamp ?? ''],
};

export function printerFor(kind: string): TablePrinter {
  return PRINTERS[kind] ?? DEFAULT_PRINTER;
}
