/** Applies the committed migrations of the provider DATABASE_URL selects (`prisma migrate deploy`). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function migrate(databaseUrl: string): Promise<void> {
  const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
  try {
    await promisify(execFile)(prisma, ['migrate', 'deploy'], {
      cwd: root,
      env: { ...withoutProvider(process.env), DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${e.stderr || e.stdout || e.message}`, { cause: err });
  }
}

/** The provider must follow the URL here, whatever PRISMA_PROVIDER the caller's shell has. */
function withoutProvider(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PRISMA_PROVIDER: _ignored, ...rest } = env;
  void _ignored;
  return rest;
}
