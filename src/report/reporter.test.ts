import { expect } from 'chai';
import type { RunEvent } from './model.js';
import { ReporterMultiplexer, type Reporter } from './reporter.js';

describe('ReporterMultiplexer', () => {
  const warning: RunEvent = { type: 'warning', at: '2026-11-27T10:00:00.000Z', message: 'x' };

  it('contains a broken reporter: it is switched off with one warning and the others carry on', async () => {
    const seen: string[] = [];
    const warnings: string[] = [];
    const broken: Reporter = {
      name: 'broken',
      onEvent() {
        throw new Error('disk full');
      },
    };
    const healthy: Reporter = { name: 'healthy', onEvent: (event) => void seen.push(event.type) };
    const mux = new ReporterMultiplexer([broken, healthy], (message) => warnings.push(message));
    await mux.onEvent(warning);
    await mux.onEvent(warning);
    await mux.close();
    expect(seen).to.deep.equal(['warning', 'warning']);
    expect(warnings).to.deep.equal(['reporter broken failed and was switched off: disk full']);
    expect(mux.brokenReporters).to.deep.equal(['broken']);
  });

  it('delivers events in order even when a reporter is slow', async () => {
    const seen: string[] = [];
    let delay = 30;
    const slow: Reporter = {
      name: 'slow',
      async onEvent(event) {
        const wait = (delay -= 10);
        await new Promise((resolve) => setTimeout(resolve, wait));
        seen.push((event as { message: string }).message);
      },
    };
    const mux = new ReporterMultiplexer([slow]);
    void mux.onEvent({ ...warning, message: '1' });
    void mux.onEvent({ ...warning, message: '2' });
    await mux.onEvent({ ...warning, message: '3' });
    expect(seen).to.deep.equal(['1', '2', '3']);
  });
});
