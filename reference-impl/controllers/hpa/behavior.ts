/** autoscaling/v2 behavior: stabilization windows and rate policies, with upstream's defaults. */
export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export const DEFAULT_SCALE_UP: Required<ScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
};
export const DEFAULT_SCALE_DOWN: Required<ScalingRules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

export function withDefaults(rules: ScalingRules | undefined, defaults: Required<ScalingRules>): Required<ScalingRules> {
  return {
    stabilizationWindowSeconds: rules?.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: rules?.selectPolicy ?? defaults.selectPolicy,
    policies: rules?.policies ?? defaults.policies,
  };
}

export interface Recommendation {
  replicas: number;
  at: number;
}

export interface ScaleEvent {
  change: number;
  at: number;
}

/**
 * Stabilization (stabilizeRecommendationWithBehaviors): never go above the lowest recommendation
 * within the scale-up window, nor below the highest within the scale-down window. Returns the
 * stabilized count; the caller records `desired` as the newest recommendation.
 */
export function stabilize(current: number, desired: number, history: Recommendation[], up: Required<ScalingRules>, down: Required<ScalingRules>, now: number): { replicas: number; reason: string; message: string } {
  let upRecommendation = desired;
  let downRecommendation = desired;
  for (const rec of history) {
    if (rec.at > now - up.stabilizationWindowSeconds * 1000) upRecommendation = Math.min(upRecommendation, rec.replicas);
    if (rec.at > now - down.stabilizationWindowSeconds * 1000) downRecommendation = Math.max(downRecommendation, rec.replicas);
  }
  let replicas = current;
  if (replicas < upRecommendation) replicas = upRecommendation;
  if (replicas > downRecommendation) replicas = downRecommendation;
  return desired >= current
    ? { replicas, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
    : { replicas, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
}

const changeWithin = (periodSeconds: number, events: ScaleEvent[], now: number) =>
  events.filter((event) => event.at > now - periodSeconds * 1000).reduce((sum, event) => sum + event.change, 0);

/** Rate limits (convertDesiredReplicasWithBehaviorRate) plus min/max, with upstream's reasons. */
export function limitRate(
  current: number, desired: number, minReplicas: number, maxReplicas: number,
  upEvents: ScaleEvent[], downEvents: ScaleEvent[], up: Required<ScalingRules>, down: Required<ScalingRules>, now: number,
): { replicas: number; reason: string; message: string } {
  if (desired > current) {
    let limit = current;
    if (up.selectPolicy !== 'Disabled') {
      const proposals = up.policies.map((policy) => {
        const start = current - changeWithin(policy.periodSeconds, upEvents, now) + changeWithin(policy.periodSeconds, downEvents, now);
        return policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
      });
      limit = up.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
    }
    limit = Math.max(limit, current);
    const allowed = Math.min(maxReplicas, limit);
    const [reason, message] = maxReplicas > limit
      ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (desired > allowed) return { replicas: allowed, reason, message };
  } else if (desired < current) {
    let limit = current;
    if (down.selectPolicy !== 'Disabled') {
      const proposals = down.policies.map((policy) => {
        const start = current - changeWithin(policy.periodSeconds, upEvents, now) + changeWithin(policy.periodSeconds, downEvents, now);
        return policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
      });
      limit = down.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
    }
    limit = Math.min(limit, current);
    const allowed = Math.max(minReplicas, limit);
    const [reason, message] = minReplicas < limit
      ? ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
      : ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (desired < allowed) return { replicas: allowed, reason, message };
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
