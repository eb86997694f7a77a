import { rfc3339 } from '../shared/json.ts';

export interface HpaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The HPA's AbleToScale / ScalingActive / ScalingLimited conditions; lastTransitionTime moves only when status does. */
export class ConditionSet {
  private readonly conditions: Map<string, HpaCondition>;

  constructor(previous: HpaCondition[] | undefined, private readonly now: number) {
    this.conditions = new Map((previous ?? []).map((condition) => [condition.type, condition]));
  }

  set(type: string, status: string, reason: string, message: string): void {
    const before = this.conditions.get(type);
    this.conditions.set(type, { type, status, reason, message, lastTransitionTime: before?.status === status ? before.lastTransitionTime : rfc3339(this.now) });
  }

  /** In upstream's order. */
  list(): HpaCondition[] {
    return ['AbleToScale', 'ScalingActive', 'ScalingLimited'].map((type) => this.conditions.get(type)).filter((c): c is HpaCondition => Boolean(c));
  }
}
