import { Server, ServerCredentials, status as GrpcStatus, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { Flags } from '../flags.ts';
import type { Program } from '../types.ts';
import { pathOf, send } from './http-helpers.ts';

/**
 * agnhost grpc-health-checking: the standard grpc.health.v1.Health service on --port (5000) and
 * an HTTP control port (--http-port, 8080) with /make-serving and /make-not-serving.
 * The two tiny health messages are encoded by hand, so no .proto file is loaded.
 */
export const SERVING = 1;
export const NOT_SERVING = 2;

/** HealthCheckRequest { string service = 1; } */
export function encodeHealthRequest(service: string): Buffer {
  const bytes = Buffer.from(service, 'utf8');
  return bytes.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
}

export function decodeHealthRequest(buffer: Buffer): string {
  let offset = 0;
  let service = '';
  while (offset < buffer.length) {
    const tag = buffer[offset++]!;
    if (tag === 0x0a) {
      const [length, next] = readVarint(buffer, offset);
      service = buffer.subarray(next, next + length).toString('utf8');
      offset = next + length;
    } else break;
  }
  return service;
}

/** HealthCheckResponse { ServingStatus status = 1; } */
export function encodeHealthResponse(status: number): Buffer {
  return Buffer.concat([Buffer.from([0x08]), varint(status)]);
}

export function decodeHealthResponse(buffer: Buffer): number {
  return buffer.length >= 2 && buffer[0] === 0x08 ? readVarint(buffer, 1)[0] : 0;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function readVarint(buffer: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let offset = start;
  while (offset < buffer.length) {
    const byte = buffer[offset++]!;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return [value, offset];
}

export const HEALTH_SERVICE: ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    // Requests travel as objects: grpc-js sends nothing at all for a falsy ('' service) argument.
    requestSerialize: (request: { service: string }) => encodeHealthRequest(request.service),
    requestDeserialize: (buffer: Buffer) => ({ service: decodeHealthRequest(buffer) }),
    responseSerialize: (status: number) => encodeHealthResponse(status),
    responseDeserialize: (buffer: Buffer) => decodeHealthResponse(buffer),
  },
};

export const grpcHealthChecking: Program = async (ctx, scope) => {
  const flags = new Flags(ctx.argv.slice(2));
  const port = flags.int('port', 5000);
  const httpPort = flags.int('http-port', 8080);
  const serviceName = flags.string('service', '');
  let serving = true;

  const server = new Server();
  server.addService(HEALTH_SERVICE, {
    Check: (call: ServerUnaryCall<{ service: string }, number>, callback: sendUnaryData<number>) => {
      if (call.request.service !== serviceName) return callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
      callback(null, serving ? SERVING : NOT_SERVING);
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`${ctx.podIP}:${port}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  scope.track({ close: () => server.forceShutdown() });
  await scope.listenHttp(ctx.podIP, httpPort, (req, res) => {
    const path = pathOf(req);
    if (path === '/make-serving') serving = true;
    else if (path === '/make-not-serving') serving = false;
    else return send(res, 404, '404 page not found\n');
    send(res, 200, '');
  });
  ctx.log('stdout', `gRPC server starting on port ${port}\n`);
  return scope.untilEnded();
};
