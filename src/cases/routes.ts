import type { FastifyInstance } from 'fastify';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from './attachments.ts';
import { caseRoutes } from './case-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { importRoutes } from './import-routes.ts';
import { matrixRoutes, questionRoutes } from './matrix-routes.ts';
import { notificationRoutes } from './notifications-routes.ts';
import { postRoutes } from './post-routes.ts';

export interface CasesOptions {
  /** Largest attachment in bytes (default 8 MiB). */
  maxAttachmentBytes?: number;
}

/** Coordination cases: threads, pinned status, attachments, labels, status matrix, vendor questions, search. */
export const casesModule =
  (p: Platform, options: CasesOptions = {}) =>
  async (fastify: FastifyInstance) => {
    const app = fastify as TypedApp;
    caseRoutes(app, p);
    postRoutes(app, p, options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES);
    matrixRoutes(app, p);
    questionRoutes(app, p);
    notificationRoutes(app, p);
    importRoutes(app, p);
    exportRoutes(app, p);
  };
