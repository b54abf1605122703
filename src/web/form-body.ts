/** Form posts (`application/x-www-form-urlencoded`) for the pages' plugins. */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

/**
 * Registers the form-body parser in this (encapsulated) context unless an outer context already
 * has one (app.ts registers it at the root; tests may not).
 * @param app - the Fastify instance or child context
 */
export async function ensureFormBody(app: FastifyInstance): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
}
