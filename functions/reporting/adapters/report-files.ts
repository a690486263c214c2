import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { bucketByName } from '#infra/spec/buckets.ts';

/**
 * Export files in the reports bucket. The endpoint comes from the SDK's configuration
 * (AWS_ENDPOINT_URL_S3 locally, nothing on AWS). An endpoint given as an IP address (the local
 * server listens on 127.0.0.1) is addressed path-style by the SDK's own endpoint rules; for a named
 * S3-compatible host that has no per-bucket DNS (e.g. LocalStack on `localhost`), set
 * AWS_S3_FORCE_PATH_STYLE=true.
 */
export interface ReportFiles {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** A short-lived GET link that downloads the file under `fileName`. */
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

const client = new S3Client({
  ...(process.env.AWS_S3_FORCE_PATH_STYLE === 'true' ? { forcePathStyle: true } : {}),
});

export function reportsBucket(): string {
  const envVar = bucketByName('reports').envVar;
  const value = process.env[envVar];
  if (!value) throw new Error(`${envVar} is not set`);
  return value;
}

/** The bucket is looked up on first use: functions that never touch files need no bucket variable. */
export class S3ReportFiles implements ReportFiles {
  private readonly name: string | undefined;
  constructor(bucket?: string) {
    this.name = bucket;
  }
  private get bucket(): string {
    return this.name ?? reportsBucket();
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
