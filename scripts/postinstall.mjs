// After `npm install`: generate both Prisma clients (no native engines needed) and build the console.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } });
for (const provider of ['sqlite', 'postgres']) {
  run('node_modules/.bin/prisma', ['generate', '--schema', `prisma/${provider}/schema.prisma`]);
}
if (existsSync('admin/vite.config.ts') && process.env.SKIP_ADMIN_BUILD !== '1') {
  run('node_modules/.bin/vite', ['build', '--config', 'admin/vite.config.ts', '--logLevel', 'warn']);
}
