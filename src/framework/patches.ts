import type { PatchSpec } from './context.js';

/** Strategic-merge patch of one container's image in a workload's pod template (what `kubectl set image` sends). */
export function setImage(containerName: string, image: string): PatchSpec {
  return { type: 'strategic', body: { spec: { template: { spec: { containers: [{ name: containerName, image }] } } } } };
}

export function scaleTo(replicas: number): PatchSpec {
  return { type: 'merge', body: { spec: { replicas } } };
}

export function setLabels(labels: Record<string, string | null>): PatchSpec {
  return { type: 'merge', body: { metadata: { labels } } };
}

export const strategicMerge = (body: unknown): PatchSpec => ({ type: 'strategic', body });
export const mergePatch = (body: unknown): PatchSpec => ({ type: 'merge', body });
export const jsonPatch = (operations: unknown[]): PatchSpec => ({ type: 'json', body: operations });
export const serverSideApply = (body: unknown, fieldManager: string, force = false): PatchSpec => ({ type: 'apply', body, fieldManager, force });
