import { randomUUID } from 'node:crypto';
import { DynamoReportingRepository } from './adapters/reporting-repository.ts';
import { S3ReportFiles } from './adapters/report-files.ts';
import type { ReportingDeps } from './reporting-service.ts';

/** Wiring of the reporting use cases to their adapters, made once per cold start. */
export const reportingDeps = (): ReportingDeps => ({
  reporting: new DynamoReportingRepository(),
  files: new S3ReportFiles(),
  now: () => new Date(),
  newId: () => `exp_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
});
