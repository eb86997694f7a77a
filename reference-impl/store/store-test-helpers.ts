/** Assertions and a watch recorder shared by the store contract and the backend-specific tests. */
import { expect } from 'chai';
import type { StoreEvent } from './types.ts';

export async function expectRejects<T extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error, `expected ${type.name}, got ${String(error)}`).to.be.instanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}

/** Records a watch's events and lets a test wait until they satisfy a condition. */
export class EventRecorder {
  readonly events: StoreEvent[] = [];
  private waiters: Array<() => void> = [];

  readonly onEvent = (event: StoreEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters) wake();
  };

  /** Resolves once `count` events arrived; fails after timeoutMs showing what did arrive. */
  async waitForCount(count: number, timeoutMs = 15_000): Promise<StoreEvent[]> {
    if (this.events.length >= count) return this.events.slice(0, count);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`waited ${timeoutMs} ms for ${count} watch events, got ${this.events.length}: ${describeEvents(this.events)}`));
      }, timeoutMs);
      const check = (): void => {
        if (this.events.length < count) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(this.events.slice(0, count));
      };
      this.waiters.push(check);
    });
  }
}

function describeEvents(events: StoreEvent[]): string {
  return JSON.stringify(events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`));
}
