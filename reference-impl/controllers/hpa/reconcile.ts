import { objectKey, RESOURCES, discoverResources, type DiscoveredResource, type Informer, type KubeObject, type ResourceType } from '../../client/index.ts';
import type { ControllerContext } from '../runtime/context.ts';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import { ConditionSet } from './conditions.ts';
import { ControllerRunner, type ReconcileResult } from '../runtime/controller-runner.ts';
import { rfc3339, sameJson } from '../shared/json.ts';
import type { Pod } from '../shared/pods.ts';
import { milliCpu, parseQuantity } from '../shared/quantity.ts';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, limitRate, stabilize, withDefaults, type Behavior, type Recommendation, type ScaleEvent } from './behavior.ts';
import { resourceReplicas, type PodMetric, type ResourceTarget } from './replica-calculator.ts';

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: 'Utilization' | 'AverageValue' | 'Value'; averageUtilization?: number; averageValue?: string } };
}

interface HorizontalPodAutoscaler extends KubeObject {
  spec: { scaleTargetRef: { apiVersion?: string; kind: string; name: string }; minReplicas?: number; maxReplicas: number; metrics?: MetricSpec[]; behavior?: Behavior };
  status?: Record<string, unknown> & { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
}

interface PodMetrics extends KubeObject {
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** Upstream's --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;

/**
 * The HorizontalPodAutoscaler controller (autoscaling/v2, Resource metrics from metrics.k8s.io
 * PodMetrics): every sync period, reads the target's scale subresource, computes the wanted
 * replicas with upstream's tolerance, stabilization windows and rate policies, rescales through
 * the scale subresource and reports status, conditions and events.
 */
export class HorizontalPodAutoscalerController {
  private readonly runner: ControllerRunner;
  private readonly hpas: Informer<HorizontalPodAutoscaler>;
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUps = new Map<string, ScaleEvent[]>();
  private readonly scaleDowns = new Map<string, ScaleEvent[]>();
  private kinds?: DiscoveredResource[];
  private readonly recorder: EventRecorder;

  constructor(private readonly ctx: ControllerContext, private readonly syncPeriodMs = HPA_SYNC_PERIOD_MS) {
    this.hpas = ctx.informers.for<HorizontalPodAutoscaler>(RESOURCES.horizontalpodautoscalers);
    this.recorder = ctx.recorder('horizontal-pod-autoscaler');
    this.runner = new ControllerRunner('horizontal-pod-autoscaler', (key) => this.reconcile(key), { log: ctx.log });
    this.hpas.addHandlers({
      onAdd: (hpa) => this.runner.enqueue(objectKey(hpa)),
      onUpdate: (old, hpa) => old.metadata.generation !== hpa.metadata.generation && this.runner.enqueue(objectKey(hpa)),
      onDelete: (hpa) => {
        this.recommendations.delete(objectKey(hpa));
        this.scaleUps.delete(objectKey(hpa));
        this.scaleDowns.delete(objectKey(hpa));
      },
    });
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const hpa = this.hpas.getByKey(key);
    if (!hpa) return;
    const now = this.ctx.now();
    const conditions = new ConditionSet(hpa.status?.conditions, now);
    const target = await this.readScale(hpa);
    if ('error' in target) {
      conditions.set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${target.error}`);
      this.recorder.warning(hpa, 'FailedGetScale', target.error);
      await this.writeStatus(hpa, { ...hpa.status, conditions: conditions.list() });
      return { requeueAfterMs: this.syncPeriodMs };
    }
    const { current } = target;
    const decision = await this.decide(key, hpa, current, target.selector, conditions, now);
    const status: Record<string, unknown> = { ...hpa.status, observedGeneration: hpa.metadata.generation, currentReplicas: current, desiredReplicas: decision.desired };
    if (decision.currentMetrics.length > 0) status.currentMetrics = decision.currentMetrics;
    if (decision.desired !== current && !this.ctx.faults.has('hpa-never-scales')) {
      await this.ctx.client.patch(target.type, hpa.metadata.namespace, hpa.spec.scaleTargetRef.name, { spec: { replicas: decision.desired } }, 'merge', 'scale');
      const events = decision.desired > current ? this.scaleUps : this.scaleDowns;
      events.set(key, [...(events.get(key) ?? []).filter((e) => e.at > now - 30 * 60 * 1000), { change: Math.abs(decision.desired - current), at: now }]);
      conditions.set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${decision.desired}`);
      this.recorder.normal(hpa, 'SuccessfulRescale', `New size: ${decision.desired}; reason: ${decision.reason}`);
      status.lastScaleTime = rfc3339(now);
    }
    status.conditions = conditions.list();
    await this.writeStatus(hpa, status);
    return { requeueAfterMs: this.syncPeriodMs };
  }

  /** The target's scale subresource: current replicas and the selector string. */
  private async readScale(hpa: HorizontalPodAutoscaler): Promise<{ type: ResourceType; current: number; selector: string } | { error: string }> {
    try {
      const type = await this.targetType(hpa);
      if (!type) return { error: 'the server could not find the requested resource' };
      const scale = await this.ctx.client.get<KubeObject & { spec?: { replicas?: number }; status?: { selector?: string } }>(type, hpa.metadata.namespace, hpa.spec.scaleTargetRef.name, 'scale');
      return { type, current: scale.spec?.replicas ?? 0, selector: scale.status?.selector ?? '' };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /** The replica count to aim for and why (upstream reconcileAutoscaler's min/max/metrics branches). */
  private async decide(key: string, hpa: HorizontalPodAutoscaler, current: number, selector: string, conditions: ConditionSet, now: number) {
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    const currentMetrics: unknown[] = [];
    if (current === 0 && min !== 0) {
      conditions.set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      return { desired: current, reason: '', currentMetrics };
    }
    if (current > max) return { desired: max, reason: 'Current number of replicas above Spec.MaxReplicas', currentMetrics };
    if (current < min) return { desired: min, reason: 'Current number of replicas below Spec.MinReplicas', currentMetrics };
    try {
      const computed = await this.computeReplicas(hpa, current, selector, now, currentMetrics);
      conditions.set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${computed.metricName}`);
      const desired = this.normalize(key, hpa, current, computed.replicas, min, max, now, conditions);
      return { desired, reason: desired > current ? `${computed.metricName} above target` : 'All metrics below target', currentMetrics };
    } catch (error) {
      conditions.set('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${(error as Error).message}`);
      this.recorder.warning(hpa, 'FailedGetResourceMetric', (error as Error).message);
      return { desired: current, reason: '', currentMetrics };
    }
  }

  /** Desired replicas of the first Resource metric (upstream takes the maximum over all metrics). */
  private async computeReplicas(hpa: HorizontalPodAutoscaler, current: number, selector: string, now: number, currentMetrics: unknown[]) {
    const namespace = String(hpa.metadata.namespace);
    const specs = (hpa.spec.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]).filter((m) => m.type === 'Resource' && m.resource);
    if (specs.length === 0) throw new Error('no supported metrics (only Resource metrics are served)');
    const pods = (await this.ctx.client.list<Pod>(RESOURCES.pods, namespace, { labelSelector: selector })).items;
    if (pods.length === 0) throw new Error('no pods match the target\'s selector');
    const metricsList = await this.ctx.client.list<PodMetrics>(RESOURCES.podmetrics, namespace, { labelSelector: selector });
    let best = { replicas: 0, metricName: '' };
    for (const spec of specs) {
      const resource = spec.resource!;
      const metrics = new Map<string, PodMetric>();
      for (const item of metricsList.items) {
        const value = (item.containers ?? []).reduce((sum, c) => sum + (resource.name === 'cpu' ? milliCpu(c.usage?.cpu) : parseQuantity(c.usage?.[resource.name])), 0);
        metrics.set(String(item.metadata.name), { value, timestamp: Date.parse(item.timestamp ?? '') || now, windowMs: parseQuantity((item.window ?? '0s').replace(/s$/, '')) * 1000 });
      }
      const target: ResourceTarget = resource.target.type === 'Utilization'
        ? { resource: resource.name, averageUtilization: resource.target.averageUtilization ?? 80 }
        : { resource: resource.name, averageValue: resource.name === 'cpu' ? milliCpu(resource.target.averageValue) : parseQuantity(resource.target.averageValue) };
      const result = resourceReplicas(current, target, pods, metrics, now);
      const averageValue = resource.name === 'cpu' ? `${result.averageValue}m` : String(result.averageValue);
      currentMetrics.push({ type: 'Resource', resource: { name: resource.name, current: { averageValue, ...(result.utilization !== undefined ? { averageUtilization: result.utilization } : {}) } } });
      const metricName = target.averageUtilization !== undefined ? `${resource.name} resource utilization (percentage of request)` : `${resource.name} resource`;
      if (result.replicas > best.replicas) best = { replicas: result.replicas, metricName };
    }
    return best;
  }

  private normalize(key: string, hpa: HorizontalPodAutoscaler, current: number, desired: number, min: number, max: number, now: number, conditions: ConditionSet): number {
    const up = withDefaults(hpa.spec.behavior?.scaleUp, DEFAULT_SCALE_UP);
    const down = withDefaults(hpa.spec.behavior?.scaleDown, DEFAULT_SCALE_DOWN);
    const history = this.recommendations.get(key) ?? [];
    const stabilized = stabilize(current, desired, history, up, down, now);
    const keepMs = Math.max(up.stabilizationWindowSeconds, down.stabilizationWindowSeconds) * 1000;
    this.recommendations.set(key, [...history.filter((rec) => rec.at > now - keepMs), { replicas: desired, at: now }]);
    if (stabilized.replicas !== desired) conditions.set('AbleToScale', 'True', stabilized.reason, stabilized.message);
    else conditions.set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    const limited = limitRate(current, stabilized.replicas, min, max, this.scaleUps.get(key) ?? [], this.scaleDowns.get(key) ?? [], up, down, now);
    conditions.set('ScalingLimited', limited.replicas === stabilized.replicas ? 'False' : 'True', limited.reason, limited.message);
    return limited.replicas;
  }

  private async targetType(hpa: HorizontalPodAutoscaler): Promise<ResourceType | undefined> {
    const { apiVersion = '', kind } = hpa.spec.scaleTargetRef;
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    const known = Object.values(RESOURCES).find((type) => type.kind === kind && type.group === group);
    if (known) return known;
    this.kinds ??= await discoverResources(this.ctx.client);
    return this.kinds.find((type) => type.kind === kind && type.group === group);
  }

  private async writeStatus(hpa: HorizontalPodAutoscaler, status: Record<string, unknown>): Promise<void> {
    if (sameJson(hpa.status ?? {}, status)) return;
    await this.ctx.client.updateStatus(RESOURCES.horizontalpodautoscalers, { ...hpa, status });
  }
}
