import type { Component } from '../../component.ts';
import { FaultSet, type FaultName } from '../../faults.ts';

/** The same component, started with these faults switched on (tests prove each fault breaks what it names). */
export function withFaults(component: Component, faults: FaultName[]): Component {
  return {
    name: `${component.name} (faults: ${faults.join(', ')})`,
    start: (ctx) => component.start({ ...ctx, faults: new FaultSet(faults) }),
  };
}
