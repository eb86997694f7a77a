import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { SLOT_RANGE, networkPlan } from './network-config.ts';

/**
 * Which /16 of 127.0.0.0/8 a cluster owns (network-config.ts). A data dir remembers its slot in
 * the file `network-slot`, so a restarted server keeps the ClusterIPs and pod IPs its objects
 * hold; a new data dir takes a free slot. "Free" is decided by the machine itself: a live cluster
 * holds a TCP listener on its slot's lock address for as long as it runs, and the kernel lets only
 * one socket listen there, whichever process (or cluster in this process) asked first. A process
 * that dies, even by kill -9, releases it at once.
 */
export const SLOT_FILE = 'network-slot';
export const SLOT_LOCK_PORT = 16_443;

export class NetworkSlotError extends Error {
  constructor(
    message: string,
    readonly code: 'NETWORK_SLOT_BUSY' | 'NETWORK_SLOT_EXHAUSTED' | 'NETWORK_SLOT_INVALID',
  ) {
    super(message);
    this.name = 'NetworkSlotError';
  }
}

export interface HeldSlot {
  slot: number;
  release(): Promise<void>;
}

export interface AcquireSlotOptions {
  /** Use this slot (ClusterOptions.networkSlot); it must match what the data dir remembers. */
  requested?: number;
  /** Where the search for a free slot starts; random by default so concurrent starts rarely race. */
  random?: () => number;
}

/** Takes the data dir's remembered slot, or the requested one, or the first free one from a random start. */
export async function acquireNetworkSlot(dataDir: string, options: AcquireSlotOptions = {}): Promise<HeldSlot> {
  const remembered = await readRememberedSlot(dataDir);
  if (remembered !== undefined && options.requested !== undefined && remembered !== options.requested) {
    throw new NetworkSlotError(`data dir ${dataDir} uses network slot ${remembered} (127.${remembered}.0.0/16); it cannot move to slot ${options.requested}`, 'NETWORK_SLOT_INVALID');
  }
  const fixed = remembered ?? options.requested;
  if (fixed !== undefined) {
    const held = await tryHold(fixed);
    if (!held) {
      throw new NetworkSlotError(
        `network slot ${fixed} (127.${fixed}.0.0/16) of data dir ${dataDir} is in use by another running reference cluster; stop it, or use another data dir`,
        'NETWORK_SLOT_BUSY',
      );
    }
    await rememberSlot(dataDir, fixed, held);
    return held;
  }
  const count = SLOT_RANGE.max - SLOT_RANGE.min + 1;
  const start = Math.floor((options.random ?? Math.random)() * count);
  for (let step = 0; step < count; step++) {
    const slot = SLOT_RANGE.min + ((start + step) % count);
    const held = await tryHold(slot);
    if (!held) continue;
    await rememberSlot(dataDir, slot, held);
    return held;
  }
  throw new NetworkSlotError(`every network slot ${SLOT_RANGE.min}..${SLOT_RANGE.max} is held by a running reference cluster`, 'NETWORK_SLOT_EXHAUSTED');
}

export async function readRememberedSlot(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, SLOT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const slot = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || slot < 1 || slot > 254) {
    throw new NetworkSlotError(`${join(dataDir, SLOT_FILE)} holds ${JSON.stringify(text.trim())}, not a network slot (1..254)`, 'NETWORK_SLOT_INVALID');
  }
  return slot;
}

async function rememberSlot(dataDir: string, slot: number, held: HeldSlot): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(join(dataDir, SLOT_FILE), `${slot}\n`);
  } catch (error) {
    await held.release();
    throw error;
  }
}

/** Listens on the slot's lock address; undefined when another cluster holds it. */
async function tryHold(slot: number): Promise<HeldSlot | undefined> {
  const server: Server = createServer((socket) => socket.destroy());
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen({ host: networkPlan(slot).lockIP, port: SLOT_LOCK_PORT, exclusive: true }, () => resolve(true));
  });
  if (!listening) return undefined;
  // The lock must not keep a finished process (a test run) alive.
  server.unref();
  let released = false;
  return {
    slot,
    release: async () => {
      if (released) return;
      released = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
