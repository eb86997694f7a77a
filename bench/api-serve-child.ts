/**
 * Runs the reference cluster's API server (startCluster with no components: no controllers,
 * scheduler or kubelets adding load) on one store backend, for the API benchmark and the kill -9
 * durability test, in its own process so the client never shares its event loop.
 *   node --import tsx bench/api-serve-child.ts '{"store":"sqlite","dataDir":"/tmp/x"}'
 * Prints one JSON line {url, token, caCertPem} once serving; stops on SIGTERM.
 */
import { startCluster } from '../reference-impl/cluster.ts';
import type { ClusterOptions } from '../reference-impl/cluster-types.ts';
import { loadOrCreateCredentials } from '../reference-impl/pki/certificates.ts';

export interface ServedApi {
  url: string;
  token: string;
  caCertPem: string;
}

export type ServeOptions = Pick<ClusterOptions, 'store' | 'dataDir' | 'etcdEndpoints'>;

const options = JSON.parse(process.argv[2] ?? '{}') as ServeOptions;
const cluster = await startCluster({ ...options, port: 0, nodes: 0, faults: [] }, { components: [], apiServer: { bookmarkIntervalMs: 60_000 } });
// startCluster created the credentials in the data dir; this only reads them back.
const credentials = await loadOrCreateCredentials(options.dataDir);
const served: ServedApi = { url: cluster.url, token: credentials.adminToken, caCertPem: credentials.caCertPem };
process.stdout.write(`${JSON.stringify(served)}\n`);

process.once('SIGTERM', () => {
  void cluster.stop().finally(() => process.exit(0));
});
