import { ApiClient, InformerFactory } from '../client/index.ts';
import type { Component, ComponentContext, RunningComponent } from '../component.ts';
import { createControllerContext } from '../controllers/runtime/context.ts';
import { Scheduler } from './scheduler.ts';

export { Scheduler, needsScheduling, SCHEDULER_NAME } from './scheduler.ts';

/** kube-scheduler of the reference implementation, as a cluster component with its own connection and informers. */
export const scheduler: Component = {
  name: 'scheduler',
  async start(component: ComponentContext): Promise<RunningComponent> {
    const client = new ApiClient({ server: component.server, token: component.token, caPem: component.caPem, userAgent: 'kcert-scheduler' });
    const informers = new InformerFactory(client, component.log);
    const ctx = createControllerContext({ client, informers, faults: component.faults, log: component.log, caPem: component.caPem });
    const instance = new Scheduler(ctx);
    await informers.start();
    instance.start();
    return {
      async stop() {
        await instance.stop();
        await informers.stop();
        client.close();
      },
    };
  },
};
