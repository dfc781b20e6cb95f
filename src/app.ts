import { advisoriesModule } from './advisories/routes.ts';
import { casesModule } from './cases/routes.ts';
import { detectionModule } from './detection/routes.ts';
import { healthModule } from './health/index.ts';
import { identityModule } from './identity/routes.ts';
import { intelModule } from './intel/index.ts';
import { liveModule } from './live/routes.ts';
import { mitigationModule } from './mitigation/index.ts';
import { ackPages, oncallModule } from './oncall/index.ts';
import { createServer } from './platform/http/server.ts';
import type { Platform } from './platform/platform.ts';
import { spacesModule } from './spaces/routes.ts';
import { registerStatus } from './status/index.ts';
import { timelineModule } from './timeline/routes.ts';
import { webModule } from './web/static.ts';

/** Builds the HTTP app on an opened platform without listening (tests use app.inject). */
export async function buildApp(platform: Platform) {
  const app = await createServer(platform);
  await registerStatus(app, platform); // public /status/… pages first: they answer before routing
  await app.register(identityModule(platform), { prefix: '/api/v1' });
  await app.register(liveModule(platform), { prefix: '/api/v1' });
  await app.register(spacesModule(platform), { prefix: '/api/v1' });
  await app.register(casesModule(platform), { prefix: '/api/v1' });
  await app.register(detectionModule(platform), { prefix: '/api/v1' });
  await app.register(mitigationModule(platform), { prefix: '/api/v1' });
  await app.register(oncallModule(platform), { prefix: '/api/v1' });
  await app.register(healthModule(platform), { prefix: '/api/v1' });
  await app.register(timelineModule(platform), { prefix: '/api/v1' });
  await app.register(intelModule(platform)); // /api/v1/orgs/:orgId/intel/… and TAXII 2.1 at /taxii2/
  await app.register(ackPages(platform));
  await app.register(advisoriesModule(platform)); // /api/v1/orgs/:orgId/advisories and public /advisories/…
  // Last: the UI answers page requests that no API route claimed.
  await app.register(webModule());
  return app;
}
