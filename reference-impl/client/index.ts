/**
 * The client every reference-implementation component (controllers, scheduler, kubelet, proxy,
 * DNS) uses to talk to the API server: only through HTTPS + bearer token, never the store.
 *
 * Stable API (kept backwards compatible):
 * - `new ApiClient({ server, token, caPem, userAgent })`: get / list / create / update /
 *   updateStatus / patch (merge | json | strategic, optional subresource) / delete (DeleteOptions) /
 *   deleteCollection /
 *   watch / request (any JSON call) / close. Failures throw ApiError (statusCode, reason, status)
 *   or ConnectionError; test them with isNotFound / isConflict / isAlreadyExists / isGone / isInvalid.
 * - `RESOURCES.pods`, `RESOURCES.deployments`, …: where each kind lives (group, version, plural, kind).
 * - `new Informer(client, RESOURCES.pods, { namespace?, labelSelector?, fieldSelector? })`:
 *   `addHandlers({ onAdd, onUpdate, onDelete })`, `await start()` (first list done), `get(ns, name)`,
 *   `list(ns?)`, `stop()`. Re-lists on 410, resumes watches from the last resourceVersion.
 * - `InformerFactory`: one shared cluster-wide informer per kind (`factory.for(RESOURCES.pods)`).
 * - `discoverResources(client)`: every served top-level resource (preferred versions) with verbs.
 * - `clientConfigFromKubeconfig(path)`: a ClientConfig from the kubeconfig the cluster writes.
 * - `objectKey`, `splitKey`, `controllerRefOf`: helpers on object metadata.
 */
export { ApiClient } from './api-client.ts';
export type { ClientConfig, DeleteOptions, ListQuery, PatchType, RequestOptions, WatchEnd, WatchHandle, WatchQuery } from './api-client.ts';
export { ApiError, ConnectionError, isAlreadyExists, isConflict, isForbidden, isGone, isInvalid, isNotFound } from './errors.ts';
export { Informer } from './informer.ts';
export type { InformerHandlers, InformerOptions } from './informer.ts';
export { InformerFactory } from './informer-factory.ts';
export { discoverResources } from './discovery.ts';
export type { DiscoveredResource } from './discovery.ts';
export { clientConfigFromKubeconfig } from './kubeconfig.ts';
export { RESOURCES, apiVersionOf, collectionPath, objectPath } from './resources.ts';
export type { ResourceType } from './resources.ts';
export { controllerRefOf, objectKey, splitKey } from './types.ts';
export type { KubeList, KubeObject, LabelSelector, LabelSelectorRequirement, ObjectMeta, OwnerReference, StatusObject, WatchEvent, WatchEventType } from './types.ts';
