/**
 * The one list of S3 buckets, read by the CDK stack (encrypted, private, SSL only, lifecycle) and
 * by the local runtime (a folder per bucket under the data folder, served by local/s3.ts).
 * Functions find a bucket's physical name through `envVar`.
 */
export type BucketName = 'reports';

export interface BucketSpec {
  readonly name: BucketName;
  readonly envVar: string;
  /** Every object the functions read or write is under this prefix: their S3 grants stop there. */
  readonly keyPrefix: string;
  /** Objects under `prefix` are deleted this many days after they were written. */
  readonly expire: { readonly prefix: string; readonly afterDays: number };
  readonly description: string;
}

export const buckets: readonly BucketSpec[] = [
  {
    name: 'reports',
    envVar: 'REPORTS_BUCKET',
    keyPrefix: 'exports/',
    expire: { prefix: 'exports/', afterDays: 400 },
    description: 'Sales report exports (CSV, JSON), listed and downloaded by head office',
  },
];

export const bucketByName = (name: BucketName): BucketSpec => {
  const spec = buckets.find((b) => b.name === name);
  if (!spec) throw new Error(`unknown bucket ${name}`);
  return spec;
};
