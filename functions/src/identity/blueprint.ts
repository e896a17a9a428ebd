import type { ContextFunctions } from '@govshare/blueprint';

/** Health, the caller, units and users, and the local development issuer. */
export const identityFunctions = {
  identity: {
    kind: 'http',
    entry: 'functions/src/identity/handler.ts',
    description: 'Health, the caller, units and users, and the local development issuer',
    tables: { identity: 'readwrite' },
    routes: [
      { method: 'GET', path: '/v1/health', access: 'public', summary: 'Liveness of the API' },
      { method: 'GET', path: '/v1/me', access: 'authenticated', summary: 'The caller as the token says' },
      {
        method: 'POST',
        path: '/v1/dev/token',
        access: 'public',
        localOnly: true,
        summary: 'Issue a token for a sample user (local development issuer only)',
      },
      {
        method: 'GET',
        path: '/.well-known/jwks.json',
        access: 'public',
        localOnly: true,
        summary: 'Public keys of the local development issuer',
      },
      { method: 'GET', path: '/v1/units', access: 'authenticated', summary: 'List units, by parent' },
      { method: 'POST', path: '/v1/units', access: ['platform-admin'], summary: 'Create a unit' },
      { method: 'GET', path: '/v1/units/{code}', access: 'authenticated', summary: 'One unit' },
      { method: 'GET', path: '/v1/users', access: ['platform-admin'], summary: 'List the users of a unit' },
      { method: 'POST', path: '/v1/users', access: ['platform-admin'], summary: 'Create a user or system' },
    ],
  },
} as const satisfies ContextFunctions;
