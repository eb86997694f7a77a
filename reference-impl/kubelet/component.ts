import { ApiClient } from '../client/index.ts';
import type { Component, ComponentContext, RunningComponent } from '../component.ts';
import { createConnectHandler } from './connect/connect-handler.ts';
import { Kubelet } from './kubelet.ts';
import { NodeRegistry } from './node-registry.ts';

/** Port cluster DNS listens on; pods' resolvers use it. 53 as on a real cluster. */
export const DNS_PORT = 53;

/**
 * Starts one kubelet per virtual node (ctx.nodes) and plugs the connect handler (logs, exec,
 * proxy) and the resource usage the metrics API reads into the API server. The registry it fills
 * is where those look pods up.
 */
export function kubeletComponent(options: { registry?: NodeRegistry; dnsPort?: number; events?: boolean } = {}): Component {
  return {
    name: 'kubelet',
    async start(ctx: ComponentContext): Promise<RunningComponent> {
      const registry = options.registry ?? new NodeRegistry();
      const client = new ApiClient({ server: ctx.server, token: ctx.token, caPem: ctx.caPem, userAgent: 'kubelet/kcert' });
      const kubelets: Kubelet[] = [];
      for (let index = 0; index < Math.max(1, ctx.nodes); index++) {
        const kubelet = new Kubelet({ client, index, faults: ctx.faults, network: ctx.network, dnsPort: options.dnsPort ?? DNS_PORT, log: (line) => ctx.log(`kubelet: ${line}`), events: options.events });
        await kubelet.start();
        kubelets.push(kubelet);
        registry.add(kubelet);
      }
      ctx.setConnectHandler(createConnectHandler({ registry, client, faults: ctx.faults }));
      return {
        async stop() {
          for (const kubelet of kubelets) {
            registry.remove(kubelet);
            await kubelet.stop();
          }
          client.close();
        },
      };
    },
  };
}
