import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root, ending with a slash. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
