import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { Client, credentials, type ServiceError } from '@grpc/grpc-js';
import { HEALTH_SERVICE, SERVING } from '../images/agnhost/grpc-health.ts';
import type { ExecResult } from '../images/types.ts';

/**
 * The four probe handlers. Each returns the outcome, the message the kubelet puts in its
 * `Unhealthy` event, and for HTTP an optional warning (`ProbeWarning` event).
 */
export interface ProbeOutcome {
  result: 'success' | 'failure';
  message: string;
  warning?: string;
}

type IntOrString = number | string;

export interface ProbeAction {
  httpGet?: { path?: string; port: IntOrString; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] };
  tcpSocket?: { port: IntOrString; host?: string };
  exec?: { command?: string[] };
  grpc?: { port: number; service?: string };
}

export interface ProbeTarget {
  podIP: string;
  /** Named container ports → numbers. */
  namedPorts: Record<string, number>;
  exec(argv: string[], signal: AbortSignal): Promise<ExecResult>;
  kubeletVersion: string;
}

const MAX_REDIRECTS = 10;
const BODY_LIMIT = 10 * 1024;

export async function runProbe(action: ProbeAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  if (action.exec) return execProbe(action.exec.command ?? [], target, timeoutMs);
  if (action.httpGet) return httpProbe(action.httpGet, target, timeoutMs);
  if (action.tcpSocket) return tcpProbe(action.tcpSocket, target, timeoutMs);
  if (action.grpc) return grpcProbe(action.grpc, target, timeoutMs);
  return { result: 'failure', message: 'missing probe handler' };
}

function resolvePort(port: IntOrString, target: ProbeTarget): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return target.namedPorts[port];
}

function loopbackOnly(host: string | undefined, target: ProbeTarget): string | undefined {
  const chosen = host || target.podIP;
  return chosen.startsWith('127.') ? chosen : undefined;
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const result = await target.exec(command, controller.signal);
    if (timedOut) return { result: 'failure', message: `command ${JSON.stringify(command.join(' '))} timed out` };
    if (result.exitCode === 0) return { result: 'success', message: '' };
    return { result: 'failure', message: `${result.stdout}${result.stderr}` };
  } finally {
    clearTimeout(timer);
  }
}

function tcpProbe(action: NonNullable<ProbeAction['tcpSocket']>, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(action.port, target);
  const host = loopbackOnly(action.host, target);
  if (port === undefined || host === undefined) return Promise.resolve({ result: 'failure', message: `unable to resolve port ${action.port}` });
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => finish('failure', `dial tcp ${host}:${port}: i/o timeout`), timeoutMs);
    const finish = (result: 'success' | 'failure', message: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ result, message });
    };
    socket.on('connect', () => finish('success', ''));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish('failure', `dial tcp ${host}:${port}: connect: ${error.code === 'ECONNREFUSED' ? 'connection refused' : error.message}`),
    );
  });
}

async function httpProbe(action: NonNullable<ProbeAction['httpGet']>, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const port = resolvePort(action.port, target);
  const host = loopbackOnly(action.host, target);
  if (port === undefined || host === undefined) return { result: 'failure', message: `unable to resolve port ${action.port}` };
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  let url = new URL(`${scheme}://${host}:${port}${action.path?.startsWith('/') ? action.path : `/${action.path ?? ''}`}`);
  const headers: Record<string, string> = { 'User-Agent': `kube-probe/${target.kubeletVersion}`, Accept: '*/*' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  const deadline = Date.now() + timeoutMs;
  for (let redirects = 0; ; redirects++) {
    let response: { status: number; location?: string; body: string };
    try {
      response = await getOnce(url, headers, Math.max(1, deadline - Date.now()));
    } catch (error) {
      return { result: 'failure', message: `Get "${url.toString()}": ${(error as Error).message}` };
    }
    const isRedirect = response.status >= 300 && response.status < 400 && response.location !== undefined;
    if (!isRedirect) {
      if (response.status >= 200 && response.status < 400) return { result: 'success', message: '' };
      return { result: 'failure', message: `HTTP probe failed with statuscode: ${response.status}` };
    }
    const next = new URL(response.location!, url);
    if (next.hostname !== url.hostname) {
      // A redirect off the probed host is not followed: the 3xx itself counts, with a warning.
      return { result: 'success', message: '', warning: `Probe terminated redirects, Response body: ${response.body}` };
    }
    if (redirects + 1 >= MAX_REDIRECTS) return { result: 'failure', message: `Get "${next.toString()}": stopped after ${MAX_REDIRECTS} redirects` };
    url = next;
  }
}

function getOnce(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; location?: string; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers, rejectUnauthorized: false, agent: false }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < BODY_LIMIT) body += chunk;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: body.slice(0, BODY_LIMIT) });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const address = `${url.hostname}:${url.port}`;
      reject(error.code === 'ECONNREFUSED' ? new Error(`dial tcp ${address}: connect: connection refused`) : error);
    });
    req.end();
  });
}

function grpcProbe(action: NonNullable<ProbeAction['grpc']>, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const address = `${target.podIP}:${action.port}`;
  const client = new Client(address, credentials.createInsecure());
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + timeoutMs);
    client.makeUnaryRequest(
      HEALTH_SERVICE.Check!.path,
      HEALTH_SERVICE.Check!.requestSerialize,
      HEALTH_SERVICE.Check!.responseDeserialize,
      { service: action.service ?? '' },
      { deadline },
      (error: ServiceError | null, status?: unknown) => {
        client.close();
        if (error) {
          const message =
            error.code === 4 || error.code === 14
              ? `timeout: failed to connect service "${address}" within ${timeoutMs / 1000}s: context deadline exceeded`
              : `rpc error: code = ${error.code} desc = ${error.details}`;
          return resolve({ result: 'failure', message });
        }
        if (status === SERVING) return resolve({ result: 'success', message: '' });
        resolve({ result: 'failure', message: `service unhealthy (responded with "NOT_SERVING")` });
      },
    );
  });
}
