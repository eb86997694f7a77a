/**
 * Every image a kcert test runs comes from this one table, so air-gapped clusters can mirror them
 * (`--image-repository`, `kcert images`). References and tags follow upstream's
 * test/utils/image/manifest.go of the release kcert targets (Kubernetes 1.36).
 */
export const IMAGES = {
  /** Upstream's multi-purpose test image (pause, serve-hostname, netexec, liveness, …). release-1.36 tag. */
  agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.63.0',
  /** Upstream WebserverImage (Httpd). */
  httpd: 'registry.k8s.io/e2e-test-images/httpd:2.4.38-4',
  /** Upstream HttpdNew: a second, different webserver template for rollouts. */
  httpdNew: 'registry.k8s.io/e2e-test-images/httpd:2.4.39-4',
  nginx: 'registry.k8s.io/e2e-test-images/nginx:1.14-4',
  nginxNew: 'registry.k8s.io/e2e-test-images/nginx:1.15-4',
  busybox: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1',
  pause: 'registry.k8s.io/pause:3.10.1',
  /** Upstream's HPA e2e load generator (POST /ConsumeCPU). */
  resourceConsumer: 'registry.k8s.io/e2e-test-images/resource-consumer:1.13',
  jessieDnsutils: 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7',
  /** Deliberately unpullable: upstream's rollover test uses it to stall a rollout. */
  nonexistentRedisSlave: 'gcr.io/google_samples/gb-redisslave:nonexistent',
  /** Deliberately unpullable: upstream's proportional-scaling test uses it to stall a rollout. */
  nonexistentWebserver: 'webserver:404',
} as const;

export type ImageName = keyof typeof IMAGES;
export type ImageTable = Readonly<Record<ImageName, string>>;

/** Images that must never be pulled: mirroring them would defeat the tests that rely on their failure. */
const UNPULLABLE: ReadonlySet<ImageName> = new Set(['nonexistentRedisSlave', 'nonexistentWebserver']);

/**
 * Remaps every pullable image to `repository`, keeping the last path segment and tag, as upstream's
 * KUBE_TEST_REPO does: `registry.k8s.io/e2e-test-images/agnhost:2.63.0` → `mirror.local/k8s/agnhost:2.63.0`.
 */
export function remapImages(repository: string, table: ImageTable = IMAGES): ImageTable {
  const base = repository.replace(/\/+$/, '');
  const remapped = {} as Record<ImageName, string>;
  for (const [name, reference] of Object.entries(table) as Array<[ImageName, string]>) {
    if (UNPULLABLE.has(name)) {
      remapped[name] = reference;
      continue;
    }
    const lastSegment = reference.slice(reference.lastIndexOf('/') + 1);
    remapped[name] = `${base}/${lastSegment}`;
  }
  return remapped;
}

/** Applies an images file (logical name → reference); unknown names are a usage error for the caller. */
export function overrideImages(overrides: Readonly<Record<string, string>>, table: ImageTable = IMAGES): ImageTable {
  const unknown = Object.keys(overrides).filter((name) => !(name in table));
  if (unknown.length > 0) {
    throw new Error(`unknown image name(s) ${unknown.join(', ')}; known: ${Object.keys(table).join(', ')}`);
  }
  return { ...table, ...overrides } as ImageTable;
}
