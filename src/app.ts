import { identityModule } from './identity/routes.ts';
import { createServer } from './platform/http/server.ts';
import type { Platform } from './platform/platform.ts';

/** Builds the HTTP app on an opened platform without listening (tests use app.inject). */
export async function buildApp(platform: Platform) {
  const app = await createServer(platform);
  await app.register(identityModule(platform), { prefix: '/api/v1' });
  return app;
}
