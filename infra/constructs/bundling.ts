import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled: by the locally installed esbuild (never Docker), as one minified
 * ESM file for Node 24. The one definition, used by the house construct (comptoir-function.ts) and
 * by `npm run bench`, which bundles each function with exactly these options to report its size
 * and cold import time.
 */
export const functionBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // The Node 24 runtime ships AWS SDK v3; the bundle keeps only our code and other libraries.
  externalModules: ['@aws-sdk/*'],
  // ESM bundles of CommonJS dependencies still call require(): give them one.
  banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
};
