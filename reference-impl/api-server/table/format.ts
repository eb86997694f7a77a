/**
 * Cell formatting shared by the table printers, matching what kubectl users see from a real
 * server (kubernetes pkg/printers/internalversion and apimachinery's HumanDuration).
 */
import { formatLabelSelector } from '../../shared/label-selector.ts';

type Json = Record<string, any>;

/** `5s`, `3m20s`, `4h10m`, `2d3h`, `1y20d` — precision drops as durations grow. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

export function age(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? '<unknown>' : humanDuration(now.getTime() - time);
}

export function orNone(value: string | undefined): string {
  return value === undefined || value === '' ? '<none>' : value;
}

/** The STATUS column of `kubectl get pods`. */
export function podStatus(pod: Json): string {
  const status = (pod.status ?? {}) as Json;
  let reason: string = status.reason || status.phase || 'Unknown';
  const initStatuses = (status.initContainerStatuses ?? []) as Json[];
  const initCount = (pod.spec?.initContainers ?? []).length;
  let initializing = false;
  for (const [index, container] of initStatuses.entries()) {
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (container.started && container.restartPolicy === 'Always') continue;
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initCount}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const statuses = [...((status.containerStatuses ?? []) as Json[])].reverse();
    for (const container of statuses) {
      const state = container.state ?? {};
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated?.reason) reason = state.terminated.reason;
      else if (state.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
      else if (state.running && container.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

export function podReadyCount(pod: Json): string {
  const total = (pod.spec?.containers ?? []).length;
  const ready = ((pod.status?.containerStatuses ?? []) as Json[]).filter((c) => c.ready).length;
  return `${ready}/${total}`;
}

export function podRestarts(pod: Json, now: Date): string {
  let restarts = 0;
  let last: number | undefined;
  for (const container of (pod.status?.containerStatuses ?? []) as Json[]) {
    restarts += Number(container.restartCount ?? 0);
    const finished = Date.parse(container.lastState?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(finished) && (last === undefined || finished > last)) last = finished;
  }
  return last !== undefined && restarts > 0 ? `${restarts} (${humanDuration(now.getTime() - last)} ago)` : String(restarts);
}

export function servicePorts(ports: Json[] | undefined): string {
  if (!ports || ports.length === 0) return '<none>';
  return ports.map((port) => `${port.port}${port.nodePort ? `:${port.nodePort}` : ''}/${port.protocol ?? 'TCP'}`).join(',');
}

/** A LabelSelector column as kubectl prints it (metav1.FormatLabelSelector: sorted by key, '<none>' when empty). */
export function selectorString(selector: Json | undefined): string {
  return formatLabelSelector(selector) || '<none>';
}

export function mapSelector(selector: Record<string, string> | undefined): string {
  const parts = Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

/** `a,b,c + 2 more...` as kubectl abbreviates long lists. */
export function listWithMore(values: string[], max = 3): string {
  if (values.length === 0) return '<none>';
  if (values.length <= max) return values.join(',');
  return `${values.slice(0, max).join(',')} + ${values.length - max} more...`;
}
