/**
 * The assessment's published interface. Nothing imports the assessment (test/unit/architecture:
 * it comes last and scores the others); the 通报's document id is exported for the tools and tests
 * that look for it in the exchange.
 */
export { bulletinDocumentId, bulletinSource } from './bulletin.ts';
