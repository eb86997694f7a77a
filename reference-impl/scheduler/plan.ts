import type { KubeObject } from '../client/index.ts';
import type { Pod } from '../controllers/shared/pods.ts';
import { milliCpu, parseQuantity } from '../controllers/shared/quantity.ts';
import { expressionRequirement, requirementMatches as labelRequirementMatches } from '../shared/label-selector.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
}

/** What the scheduler checks a pod against, with the upstream reason each failure reports. */
export interface FilterOptions {
  ignoreNodeSelector?: boolean;
  ignoreTaints?: boolean;
  ignoreResources?: boolean;
}

export interface Requests {
  milliCpu: number;
  memory: number;
}

const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Effective requests: the larger of the containers' sum and any init container, plus overhead (upstream computePodResourceRequest). */
export function podRequests(pod: Pod): Requests {
  const sum = { milliCpu: 0, memory: 0 };
  for (const container of pod.spec?.containers ?? []) {
    sum.milliCpu += milliCpu(container.resources?.requests?.cpu);
    sum.memory += parseQuantity(container.resources?.requests?.memory);
  }
  for (const container of pod.spec?.initContainers ?? []) {
    sum.milliCpu = Math.max(sum.milliCpu, milliCpu(container.resources?.requests?.cpu));
    sum.memory = Math.max(sum.memory, parseQuantity(container.resources?.requests?.memory));
  }
  const overhead = (pod.spec as { overhead?: Record<string, string> } | undefined)?.overhead;
  sum.milliCpu += milliCpu(overhead?.cpu);
  sum.memory += parseQuantity(overhead?.memory);
  return sum;
}

export function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((toleration) => {
    if (toleration.effect && toleration.effect !== taint.effect) return false;
    if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
    return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
  });
}

/** A node selector requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt) on one value; an unknown operator never matches. */
function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const parsed = expressionRequirement(requirement, 'node');
  return parsed !== undefined && labelRequirementMatches(parsed, value);
}

/** nodeSelector and required node affinity (terms are ORed, expressions within a term ANDed). */
export function matchesNodeSelection(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[key] !== value) return false;
  const affinity = (pod.spec as { affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[] } } } } | undefined)?.affinity;
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    return expressions.every((r) => requirementMatches(r, labels[r.key])) && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name));
  });
}

/** Why the pod cannot go to this node, in upstream's words (empty: it fits). used = requests of pods already there. */
export function unfitReasons(pod: Pod, node: Node, used: { requests: Requests; pods: number }, options: FilterOptions = {}): string[] {
  const reasons: string[] = [];
  const tolerations = (pod.spec?.tolerations ?? []) as Toleration[];
  if (node.spec?.unschedulable && !tolerates(tolerations, UNSCHEDULABLE_TAINT)) reasons.push('node(s) were unschedulable');
  if (!options.ignoreNodeSelector && !matchesNodeSelection(pod, node)) reasons.push("node(s) didn't match Pod's node affinity/selector");
  if (!options.ignoreTaints) {
    const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status === 'True';
    const taints = [...(node.spec?.taints ?? []), ...(ready ? [] : [NOT_READY_TAINT])];
    const untolerated = taints.find((taint) => taint.effect !== 'PreferNoSchedule' && !tolerates(tolerations, taint));
    if (untolerated) reasons.push(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
  }
  if (!options.ignoreResources) {
    const allocatable = node.status?.allocatable ?? {};
    const want = podRequests(pod);
    const maxPods = allocatable.pods === undefined ? 110 : parseQuantity(allocatable.pods);
    if (used.pods + 1 > maxPods) reasons.push('Too many pods');
    if (want.milliCpu > 0 && used.requests.milliCpu + want.milliCpu > milliCpu(allocatable.cpu)) reasons.push('Insufficient cpu');
    if (want.memory > 0 && used.requests.memory + want.memory > parseQuantity(allocatable.memory)) reasons.push('Insufficient memory');
  }
  return reasons;
}

/** Among fitting nodes, the least loaded (fewest pods, then least CPU requested), ties by name: spreads replicas. */
export function pickNode(fitting: Node[], usage: Map<string, { requests: Requests; pods: number }>): Node | undefined {
  const load = (node: Node) => usage.get(String(node.metadata.name)) ?? { pods: 0, requests: { milliCpu: 0, memory: 0 } };
  return [...fitting].sort((a, b) => load(a).pods - load(b).pods || load(a).requests.milliCpu - load(b).requests.milliCpu || String(a.metadata.name).localeCompare(String(b.metadata.name)))[0];
}

const RESOURCE_REASONS = new Set(['Insufficient cpu', 'Insufficient memory', 'Too many pods']);

/**
 * The FailedScheduling message: `0/N nodes are available: <count> <reason>, … preemption: 0/N
 * nodes are available: <count> <why preemption cannot help>.` Reasons are counted per node and
 * sorted, as upstream's FitError prints them.
 */
export function unschedulableMessage(nodeCount: number, reasonsByNode: Map<string, string[]>): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const reasons of reasonsByNode.values()) for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const summary = [...counts].map(([reason, count]) => `${count} ${reason}`).sort().join(', ');
  let helpful = 0;
  for (const reasons of reasonsByNode.values()) if (reasons.length > 0 && reasons.every((reason) => RESOURCE_REASONS.has(reason))) helpful++;
  const preemption = [
    ...(helpful > 0 ? [`${helpful} No preemption victims found for incoming pod`] : []),
    ...(nodeCount - helpful > 0 ? [`${nodeCount - helpful} Preemption is not helpful for scheduling`] : []),
  ].sort().join(', ');
  return `0/${nodeCount} nodes are available: ${summary}. preemption: 0/${nodeCount} nodes are available: ${preemption}.`;
}
