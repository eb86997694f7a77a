import type { ApiClient, InformerFactory } from '../../client/index.ts';
import type { FaultSet } from '../../faults.ts';
import { EventRecorder } from './event-recorder.ts';

/** What every controller gets: the API (client + shared informers), the cluster's faults, logging, events. */
export interface ControllerContext {
  client: ApiClient;
  informers: InformerFactory;
  faults: FaultSet;
  log: (line: string) => void;
  /** An event recorder reporting as `component` (e.g. deployment-controller). */
  recorder(component: string): EventRecorder;
  /** PEM of the cluster CA, published in every namespace as kube-root-ca.crt. */
  caPem: string;
  /** Clock in ms (tests may pin it). */
  now(): number;
}

export function createControllerContext(options: Omit<ControllerContext, 'recorder' | 'now'> & { now?: () => number }): ControllerContext {
  const recorders = new Map<string, EventRecorder>();
  return {
    ...options,
    now: options.now ?? Date.now,
    recorder(component) {
      let recorder = recorders.get(component);
      if (!recorder) {
        recorder = new EventRecorder(options.client, component, options.log);
        recorders.set(component, recorder);
      }
      return recorder;
    },
  };
}
