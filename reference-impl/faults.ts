/**
 * Deliberately broken behaviours, switched on by name with `kcert reference serve --fault NAME`.
 * Each conformance test names the faults that must make it fail (ConformanceTest.brokenBy).
 * A fault is off unless named; the default behaviour never depends on this table.
 * Add one entry per fault, grouped by the component that honours it.
 */
export interface FaultDefinition {
  component: 'api-server' | 'controllers' | 'scheduler' | 'kubelet' | 'proxy' | 'dns';
  description: string;
}

export const FAULTS = {
  // api-server (reference-impl/api-server)
  'scale-subresource-ignored': { component: 'api-server', description: 'writes to the scale subresource answer as if applied but leave spec.replicas unchanged' },
  'status-writes-change-spec': { component: 'api-server', description: 'writes to the status subresource also change spec and metadata' },
  'generation-not-bumped': { component: 'api-server', description: 'spec changes do not increment metadata.generation' },
  'watch-no-replay': { component: 'api-server', description: 'a watch from an older resourceVersion only sees later events, never the history since it' },
  'status-subresource-ignored': { component: 'api-server', description: 'writes to the status subresource of apps/v1 objects answer as if applied but are never stored' },
  'deletecollection-deferred': { component: 'api-server', description: 'DeleteCollection answers Success at once and deletes the selected objects only seconds later' },
  'apply-ignores-field-managers': { component: 'api-server', description: 'server-side apply never reports conflicts between field managers: every apply takes fields over as if forced' },
  // controllers (reference-impl/controllers)
  'deployment-ignores-max-unavailable': { component: 'controllers', description: 'RollingUpdate scales old ReplicaSets down to 0 at once, ignoring maxUnavailable' },
  'deployment-ignores-max-surge': { component: 'controllers', description: 'RollingUpdate scales the new ReplicaSet straight to spec.replicas, ignoring maxSurge' },
  'recreate-does-not-wait': { component: 'controllers', description: 'Recreate brings new pods up next to the old ones instead of waiting for the old ones to go' },
  'rollover-keeps-old-pods': { component: 'controllers', description: 'a rollout never scales down ReplicaSets older than the previous one' },
  'no-proportional-scaling': { component: 'controllers', description: 'scaling a Deployment mid-rollout puts every added or removed replica on the newest ReplicaSet' },
  'revision-history-not-cleaned': { component: 'controllers', description: 'old ReplicaSets beyond revisionHistoryLimit are kept' },
  'deployment-revision-not-incremented': { component: 'controllers', description: 'a new ReplicaSet gets revision 1 instead of the highest old revision + 1' },
  'deployment-status-not-updated': { component: 'controllers', description: 'the Deployment controller never writes Deployment status' },
  'deployment-paused-ignored': { component: 'controllers', description: 'a paused Deployment still rolls out template changes' },
  'replicaset-no-adoption': { component: 'controllers', description: 'ReplicaSets and ReplicationControllers do not adopt matching orphan pods' },
  'replicaset-no-release': { component: 'controllers', description: 'ReplicaSets and ReplicationControllers keep owning pods whose labels stopped matching' },
  'replicaset-ignores-deleted-pods': { component: 'controllers', description: 'ReplicaSets and ReplicationControllers do not replace pods that disappear (no self-healing)' },
  'replicaset-no-replica-failure-condition': { component: 'controllers', description: 'a failed pod creation (e.g. quota) does not set the ReplicaFailure condition' },
  'replicaset-status-not-updated': { component: 'controllers', description: 'ReplicaSet and ReplicationController status is never written' },
  'gc-leaves-dependents': { component: 'controllers', description: 'the garbage collector never deletes dependents of a deleted owner' },
  'gc-ignores-orphan': { component: 'controllers', description: 'orphan deletion deletes the dependents instead of orphaning them' },
  'namespace-not-emptied': { component: 'controllers', description: 'a Terminating namespace keeps its contents and never goes away' },
  'no-default-service-account': { component: 'controllers', description: 'namespaces never get the default ServiceAccount' },
  'no-root-ca-configmap': { component: 'controllers', description: 'namespaces never get the kube-root-ca.crt ConfigMap' },
  'endpoints-not-updated': { component: 'controllers', description: 'the Endpoints controller never writes Endpoints' },
  'endpoints-include-not-ready': { component: 'controllers', description: 'not-ready pods are listed as ready addresses in Endpoints and EndpointSlices' },
  'endpointslices-not-updated': { component: 'controllers', description: 'the EndpointSlice controller never writes EndpointSlices' },
  'endpointslice-mirroring-disabled': { component: 'controllers', description: 'custom Endpoints are not mirrored into EndpointSlices' },
  'quota-status-not-updated': { component: 'controllers', description: 'the ResourceQuota controller never writes status.used' },
  'hpa-never-scales': { component: 'controllers', description: 'the HorizontalPodAutoscaler never changes the target\'s replicas' },
  'min-ready-seconds-ignored': { component: 'controllers', description: 'ReplicaSets and ReplicationControllers count pods as available as soon as they are Ready, ignoring minReadySeconds' },
  // scheduler (reference-impl/scheduler)
  'scheduler-ignores-node-selector': { component: 'scheduler', description: 'pods are bound to nodes whatever their nodeSelector' },
  'scheduler-ignores-taints': { component: 'scheduler', description: 'pods are bound to tainted nodes without matching tolerations' },
  'scheduler-ignores-resources': { component: 'scheduler', description: 'pods are bound even when their requests exceed the node\'s free allocatable' },
  'scheduler-never-binds': { component: 'scheduler', description: 'pods without nodeName stay Pending forever' },
  // kubelet (reference-impl/kubelet)
  'liveness-never-restarts': { component: 'kubelet', description: 'failing liveness probes are reported but the container is never restarted' },
  'kubelet-ignores-readiness': { component: 'kubelet', description: 'containers are reported ready as soon as they run, whatever their readiness probe says' },
  'probes-ignore-initial-delay': { component: 'kubelet', description: 'probes run from container start, ignoring initialDelaySeconds' },
  'pods-share-one-ip': { component: 'kubelet', description: 'every pod on a node gets the same IP address' },
  'image-pull-never-fails': { component: 'kubelet', description: 'unknown images run (as pause) instead of failing with ErrImagePull' },
  'containers-never-restart': { component: 'kubelet', description: 'an exited container is never restarted, whatever the restartPolicy' },
  'pod-proxy-misroutes': { component: 'kubelet', description: 'pods/proxy sends each request to another running pod of the namespace than the one named' },
  // proxy (reference-impl/proxy)
  'proxy-routes-to-unready': { component: 'proxy', description: 'Service VIPs forward to every endpoint, ready or not' },
  'session-affinity-ignored': { component: 'proxy', description: 'ClientIP session affinity is ignored: connections spread over all endpoints' },
  // dns (reference-impl/dns)
  'dns-no-headless-records': { component: 'dns', description: 'headless Services get no A/SRV records for their pods' },
} as const satisfies Record<string, FaultDefinition>;

export type FaultName = keyof typeof FAULTS;

/** The set of faults one cluster runs with; components ask it, never a global. */
export class FaultSet {
  private readonly on: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    const unknown = names.filter((name) => !(name in FAULTS));
    if (unknown.length > 0) {
      throw new Error(`unknown fault ${unknown.join(', ')}: see kcert reference serve --list-faults`);
    }
    this.on = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  get names(): string[] {
    return [...this.on];
  }
}
