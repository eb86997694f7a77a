import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../errors.js';

export interface KubeconfigOptions {
  /** --kubeconfig FILE; wins over KUBECONFIG and ~/.kube/config, like kubectl. */
  kubeconfig?: string;
  /** --context NAME; default: the kubeconfig's current-context. */
  context?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Where the kubeconfig comes from, in kubectl's order: --kubeconfig, KUBECONFIG (a list), ~/.kube/config. */
export function kubeconfigSources(options: KubeconfigOptions): string[] {
  if (options.kubeconfig) return [options.kubeconfig];
  const fromEnv = (options.env ?? process.env).KUBECONFIG;
  if (fromEnv) return fromEnv.split(delimiter).filter((path) => path.length > 0);
  return [join(options.home ?? homedir(), '.kube', 'config')];
}

/**
 * Loads the kubeconfig through client-node (tokens, client certificates and exec plugins all come from
 * there) and selects the context. Every failure is one ConfigError sentence saying what to do.
 */
export function loadKubeconfig(options: KubeconfigOptions): KubeConfig {
  const sources = kubeconfigSources(options);
  const readable = sources.filter((path) => existsSync(path));
  if (readable.length === 0) {
    throw new ConfigError(
      options.kubeconfig
        ? `cannot read kubeconfig ${options.kubeconfig}: the file does not exist; pass an existing file to --kubeconfig`
        : `no kubeconfig found (looked at ${sources.join(', ')}); pass --kubeconfig FILE, set KUBECONFIG, or use --reference`,
    );
  }
  const config = new KubeConfig();
  try {
    // loadFromFile resolves relative certificate paths against each file's folder, as kubectl does.
    const [first, ...rest] = readable;
    config.loadFromFile(first!);
    for (const path of rest) {
      const extra = new KubeConfig();
      extra.loadFromFile(path);
      config.mergeConfig(extra, true);
    }
  } catch (error) {
    throw new ConfigError(
      `cannot read kubeconfig ${readable.join(', ')}: ${firstLine(error)}; check that it is a valid kubeconfig YAML file`,
      { cause: error },
    );
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw new ConfigError(
        `unknown context "${options.context}" in ${readable.join(', ')}; pick one of: ${known.join(', ') || '(none)'}`,
      );
    }
    config.setCurrentContext(options.context);
  }
  if (!config.getCurrentContext() || !config.getCurrentCluster()) {
    throw new ConfigError(
      `kubeconfig ${readable.join(', ')} has no usable current context; pass --context NAME (known: ${
        config.getContexts().map((context) => context.name).join(', ') || 'none'
      })`,
    );
  }
  return config;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
