import { ApiClient } from '../client/index.ts';
import type { Component, ComponentContext, RunningComponent } from '../component.ts';
import { createConnectHandler } from '../api-server/connect/connect-handler.ts';
import { Kubelet } from './kubelet.ts';
import { registryForApiPort, releaseApiPort, type NodeRegistry } from './node-registry.ts';

/** Port cluster DNS listens on; pods' resolvers use it. 53 as on a real cluster. */
export const DNS_PORT = 53;

/**
 * Starts one kubelet per virtual node (ctx.nodes) and plugs the connect handler (logs, exec,
 * proxy) into the API server. The registry it fills (by default the one of this API server's
 * port) is what connect and the metrics API look pods up in.
 */
export function kubeletComponent(options: { registry?: NodeRegistry; dnsPort?: number; events?: boolean } = {}): Component {
  return {
    name: 'kubelet',
    async start(ctx: ComponentContext): Promise<RunningComponent> {
      const apiPort = Number(new URL(ctx.server).port);
      const registry = options.registry ?? registryForApiPort(apiPort);
      const client = new ApiClient({ server: ctx.server, token: ctx.token, caPem: ctx.caPem, userAgent: 'kubelet/kcert' });
      const kubelets: Kubelet[] = [];
      for (let index = 0; index < Math.max(1, ctx.nodes); index++) {
        const kubelet = new Kubelet({ client, index, faults: ctx.faults, dnsPort: options.dnsPort ?? DNS_PORT, log: (line) => ctx.log(`kubelet: ${line}`), events: options.events });
        await kubelet.start();
        kubelets.push(kubelet);
        registry.add(kubelet);
      }
      ctx.setConnectHandler(createConnectHandler({ registry, client }));
      return {
        async stop() {
          for (const kubelet of kubelets) {
            registry.remove(kubelet);
            await kubelet.stop();
          }
          client.close();
          if (!options.registry) releaseApiPort(apiPort);
        },
      };
    },
  };
}
