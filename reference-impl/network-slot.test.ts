import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SLOT_RANGE } from './network-config.ts';
import { NetworkSlotError, SLOT_FILE, acquireNetworkSlot, type HeldSlot } from './network-slot.ts';

describe('network slot', () => {
  const dirs: string[] = [];
  const held: HeldSlot[] = [];
  const newDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kcert-slot-'));
    dirs.push(dir);
    return dir;
  };
  const acquire = async (dir: string, options?: Parameters<typeof acquireNetworkSlot>[1]) => {
    const slot = await acquireNetworkSlot(dir, options);
    held.push(slot);
    return slot;
  };
  const failure = async (promise: Promise<unknown>): Promise<NetworkSlotError> => {
    try {
      await promise;
    } catch (error) {
      expect(error).to.be.instanceOf(NetworkSlotError);
      return error as NetworkSlotError;
    }
    throw new Error('expected a NetworkSlotError');
  };

  afterEach(async () => {
    for (const slot of held.splice(0)) await slot.release();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('gives a new data dir a free slot in range and remembers it in the data dir', async () => {
    const dir = await newDir();
    const slot = await acquire(dir);
    expect(slot.slot).to.be.within(SLOT_RANGE.min, SLOT_RANGE.max);
    expect((await readFile(join(dir, SLOT_FILE), 'utf8')).trim()).to.equal(String(slot.slot));
  });

  it('never gives two live clusters the same slot, even from the same starting point', async () => {
    const slots = await Promise.all([await newDir(), await newDir(), await newDir()].map((dir) => acquire(dir, { random: () => 0.5 })));
    expect(new Set(slots.map((slot) => slot.slot)).size).to.equal(3);
  });

  it('keeps the remembered slot across a restart and refuses it while another server holds it', async () => {
    const dir = await newDir();
    const first = await acquire(dir);
    const busy = await failure(acquireNetworkSlot(dir));
    expect(busy.code).to.equal('NETWORK_SLOT_BUSY');
    expect(busy.message).to.contain(`network slot ${first.slot} (127.${first.slot}.0.0/16)`).and.contain('in use by another running reference cluster');
    await first.release();
    const again = await acquire(dir);
    expect(again.slot).to.equal(first.slot);
  });

  it('takes a requested slot, and refuses to move a data dir to another one', async () => {
    const probe = await acquire(await newDir());
    const slot = probe.slot;
    await probe.release();
    const dir = await newDir();
    expect((await acquire(dir, { requested: slot })).slot).to.equal(slot);
    const moved = await failure(acquireNetworkSlot(dir, { requested: slot === SLOT_RANGE.max ? slot - 1 : slot + 1 }));
    expect(moved.code).to.equal('NETWORK_SLOT_INVALID');
  });

  it('refuses a network-slot file that holds no slot', async () => {
    const dir = await newDir();
    await writeFile(join(dir, SLOT_FILE), 'banana\n');
    expect((await failure(acquireNetworkSlot(dir))).code).to.equal('NETWORK_SLOT_INVALID');
  });
});
