import { loadGatewayConfig } from '../src/config';
import { requestHash } from '../src/middleware/idempotency';
import { maskIdNumbers } from '../src/middleware/redact';

const env = {
  JWT_SECRET: 'a-secret-of-enough-length',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/gateway',
  REGISTRY_ADDR: '127.0.0.1:50051',
  CIVIL_AFFAIRS_ADDR: '127.0.0.1:50052',
  FINANCE_ADDR: '127.0.0.1:50053',
  DISABILITY_ADDR: '127.0.0.1:50054',
  EDUCATION_ADDR: '127.0.0.1:50055',
  EMPLOYMENT_ADDR: '127.0.0.1:50056',
  HEALTH_ADDR: '127.0.0.1:50057',
  HOUSING_ADDR: '127.0.0.1:50058',
};

describe('gateway configuration', () => {
  test('when only the required variables are set, then port 8080 on 127.0.0.1, demo mode off, log level info', () => {
    const config = loadGatewayConfig(env, false);
    expect(config).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', DEMO_MODE: false, LOG_LEVEL: 'info', REGISTRY_ADDR: '127.0.0.1:50051' });
  });

  test('when DEMO_MODE is "true" and PORT is given, then they are parsed', () => {
    expect(loadGatewayConfig({ ...env, DEMO_MODE: 'true', PORT: '9090' }, false)).toMatchObject({ DEMO_MODE: true, PORT: 9090 });
  });

  test('when variables are missing or malformed, then loading fails naming each of them', () => {
    const { JWT_SECRET: _secret, ...rest } = env;
    expect(() => loadGatewayConfig({ ...rest, FINANCE_ADDR: 'finance', DATABASE_URL: 'mysql://x', DEMO_MODE: 'yes' }, false)).toThrow(
      /JWT_SECRET[\s\S]*DATABASE_URL[\s\S]*FINANCE_ADDR[\s\S]*DEMO_MODE/,
    );
  });
});

describe('idempotency request hash', () => {
  test('when two bodies differ only in key order, then they hash the same; when a value differs, then not', () => {
    const a = requestHash('POST', '/api/v1/applications', { householdId: 'h', programs: ['dibao'], note: '' });
    const b = requestHash('POST', '/api/v1/applications', { note: '', programs: ['dibao'], householdId: 'h' });
    const c = requestHash('POST', '/api/v1/applications', { note: 'x', programs: ['dibao'], householdId: 'h' });
    const d = requestHash('POST', '/api/v1/households', { householdId: 'h', programs: ['dibao'], note: '' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toBe(d);
  });
});

describe('ID number masking for logs', () => {
  test('when a path carries an ID number, then only its first 6 and last 4 characters remain', () => {
    expect(maskIdNumbers('/api/v1/persons/15030219500315001X?x=1')).toBe('/api/v1/persons/150302********001X?x=1');
    expect(maskIdNumbers('/api/v1/cases/123')).toBe('/api/v1/cases/123');
  });
});
