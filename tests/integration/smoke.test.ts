import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

describe('local runtime', () => {
  it('answers /health with its version and Node 24', async () => {
    const res = await api.anon.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.node).toMatch(/^v24\./);
  });
});
