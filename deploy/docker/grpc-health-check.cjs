/*
 * Container healthcheck for a gRPC service: exits 0 when `grpc.health.v1.Health/Check` on
 * 127.0.0.1:$GRPC_PORT answers SERVING for the whole server (service ""), 1 otherwise.
 *
 * Used by docker-compose (Kubernetes uses its native `grpc:` probe instead). Plain CommonJS on
 * purpose: it runs every few seconds, so it skips tsx and loads only @grpc/grpc-js and
 * grpc-health-check, resolved from packages/contracts, which depends on both (pnpm keeps the
 * root node_modules free of them).
 *
 *   node deploy/docker/grpc-health-check.cjs [host:port] [timeoutMs]
 */
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');

const fromContracts = createRequire(path.resolve(__dirname, '..', '..', 'packages', 'contracts', 'package.json'));
const grpc = fromContracts('@grpc/grpc-js');
const { service: health } = fromContracts('grpc-health-check');

const address = process.argv[2] || `127.0.0.1:${process.env.GRPC_PORT || '50051'}`;
const timeoutMs = Number(process.argv[3] || 2000);
const check = health.Check;

const client = new grpc.Client(address, grpc.credentials.createInsecure());
client.makeUnaryRequest(
  check.path,
  check.requestSerialize,
  check.responseDeserialize,
  { service: '' },
  new grpc.Metadata(),
  { deadline: new Date(Date.now() + timeoutMs) },
  (err, res) => {
    client.close();
    // proto-loader may give the enum as its name or its number (SERVING = 1)
    const status = err ? `UNREACHABLE (${err.details || err.message})` : String(res && res.status);
    const serving = status === 'SERVING' || status === '1';
    if (!serving) process.stderr.write(`${address}: ${status}\n`);
    process.exit(serving ? 0 : 1);
  },
);
