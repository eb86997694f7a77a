import { InMemoryFs, type IFileSystem } from 'just-bash';
import { RESOURCES, type ApiClient, type KubeObject } from '../client/index.ts';
import type { Pod } from './pod-types.ts';

/**
 * Pod volumes as in-memory filesystems shared by the pod's containers: emptyDir starts empty;
 * configMap, secret, downwardAPI and projected volumes are filled from the API when the pod
 * starts (keys as files, or the `items` mapping). Sources that cannot be read leave the volume
 * empty unless they are required, in which case starting fails like a mount error.
 */
interface KeyToPath {
  key: string;
  path: string;
}

interface DataSource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

interface DownwardSource {
  items?: { path: string; fieldRef?: { fieldPath: string } }[];
}

interface VolumeSpec {
  name: string;
  configMap?: DataSource;
  secret?: DataSource & { secretName?: string };
  downwardAPI?: DownwardSource;
  projected?: { sources?: { configMap?: DataSource; secret?: DataSource; downwardAPI?: DownwardSource }[] };
  [source: string]: unknown;
}

export class VolumeMountError extends Error {
  readonly code = 'VOLUME_MOUNT_FAILED';
}

export function emptyVolumes(pod: Pod): Map<string, IFileSystem> {
  return new Map((pod.spec.volumes ?? []).map((volume) => [volume.name, new InMemoryFs()]));
}

export async function populateVolumes(client: ApiClient, pod: Pod, volumes: Map<string, IFileSystem>, fieldValue: (path: string) => string): Promise<void> {
  for (const volume of (pod.spec.volumes ?? []) as VolumeSpec[]) {
    const fs = volumes.get(volume.name);
    if (!fs) continue;
    const namespace = pod.metadata.namespace;
    const write = async (path: string, content: string): Promise<void> => {
      const file = `/${path}`;
      const dir = file.slice(0, file.lastIndexOf('/')) || '/';
      if (dir !== '/') await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(file, content);
    };
    const copyData = async (source: DataSource, kind: 'configmaps' | 'secrets', name: string | undefined): Promise<void> => {
      let data: Record<string, string> = {};
      try {
        const object = await client.get<KubeObject & { data?: Record<string, string> }>(RESOURCES[kind], namespace, String(name));
        data = object.data ?? {};
        if (kind === 'secrets') data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
      } catch (error) {
        if (source.optional) return;
        throw new VolumeMountError(`MountVolume.SetUp failed for volume "${volume.name}" : ${kind === 'secrets' ? 'secret' : 'configmap'} "${name}" not found (${(error as Error).message})`);
      }
      const items = source.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) if (data[item.key] !== undefined) await write(item.path, data[item.key]!);
    };
    const copyDownward = async (source: DownwardSource): Promise<void> => {
      for (const item of source.items ?? []) if (item.fieldRef) await write(item.path, fieldValue(item.fieldRef.fieldPath));
    };
    if (volume.configMap) await copyData(volume.configMap, 'configmaps', volume.configMap.name);
    if (volume.secret) await copyData(volume.secret, 'secrets', volume.secret.secretName);
    if (volume.downwardAPI) await copyDownward(volume.downwardAPI);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) await copyData(source.configMap, 'configmaps', source.configMap.name);
      if (source.secret) await copyData(source.secret, 'secrets', source.secret.name);
      if (source.downwardAPI) await copyDownward(source.downwardAPI);
    }
  }
}
