import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Connect-style subresources that reach a running pod or node: pods/log, pods/exec, pods/attach,
 * pods/portforward, pods/proxy, services/proxy, nodes/proxy. The API server core authenticates the
 * request, then hands it here. Owned by the kubelet work.
 */
export interface ConnectTarget {
  /** '' for core. */
  group: string;
  resource: 'pods' | 'services' | 'nodes';
  subresource: string;
  namespace?: string;
  /** The name segment as sent, e.g. `https:web:8443` for proxy. */
  name: string;
  /** Path after the subresource, e.g. `/healthz` for `.../proxy/healthz`, '' if none. */
  rest: string;
}

export interface ConnectHandler {
  /** Plain HTTP requests (log, proxy). */
  handle(target: ConnectTarget, req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Upgrade requests (exec, attach, portforward over WebSocket; proxy of upgrades). */
  upgrade(target: ConnectTarget, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}
