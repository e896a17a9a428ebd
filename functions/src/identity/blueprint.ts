import type { ContextFunctions } from '@govshare/blueprint';

/** Health and readiness, the API's description, the caller, units and users, and the local development issuer; the working-day calendar. */
export const identityFunctions = {
  identity: {
    kind: 'http',
    entry: 'functions/src/identity/handler.ts',
    description: 'Health, the caller, units and users, and the local development issuer',
    tables: { identity: 'readwrite' },
    routes: {
      health: { method: 'GET', path: '/v1/health', access: 'public', summary: 'Liveness of the API' },
      ready: {
        method: 'GET',
        path: '/v1/ready',
        access: 'public',
        summary: "Readiness: the serving function's tables answer (503 naming each one that does not)",
      },
      openApi: {
        method: 'GET',
        path: '/v1/openapi.json',
        access: 'public',
        summary: 'The OpenAPI 3.1 document of every route of the platform',
      },
      me: { method: 'GET', path: '/v1/me', access: 'authenticated', summary: 'The caller as the token says' },
      devToken: {
        method: 'POST',
        path: '/v1/dev/token',
        access: 'public',
        localOnly: true,
        summary: 'Issue a token for a sample user (local development issuer only)',
      },
      devUsers: {
        method: 'GET',
        path: '/v1/dev/users',
        access: 'public',
        localOnly: true,
        summary:
          'The sample users a token can be issued for, with their units and roles (local development issuer only)',
      },
      jwks: {
        method: 'GET',
        path: '/.well-known/jwks.json',
        access: 'public',
        localOnly: true,
        summary: 'Public keys of the local development issuer',
      },
      listUnits: {
        method: 'GET',
        path: '/v1/units',
        access: 'authenticated',
        summary: 'List units, by parent',
      },
      createUnit: { method: 'POST', path: '/v1/units', access: ['platform-admin'], summary: 'Create a unit' },
      getUnit: { method: 'GET', path: '/v1/units/{code}', access: 'authenticated', summary: 'One unit' },
      listColleagues: {
        method: 'GET',
        path: '/v1/units/{code}/people',
        access: 'authenticated',
        summary: "The people of the caller's own unit (to name a handler or a reader)",
      },
      listUsers: {
        method: 'GET',
        path: '/v1/users',
        access: ['platform-admin'],
        summary: 'List the users of a unit',
      },
      createUser: {
        method: 'POST',
        path: '/v1/users',
        access: ['platform-admin'],
        summary: 'Create a user or system',
      },
      updateUser: {
        method: 'PUT',
        path: '/v1/users/{id}/access',
        access: ['platform-admin'],
        summary: "Change a user's or system's roles, or disable it (in effect within a minute)",
      },
      calendar: {
        method: 'GET',
        path: '/v1/calendar',
        access: 'authenticated',
        summary: 'How long the working-day calendar lasts (endsOn), with a warning from 60 days before',
      },
      listCalendarYears: {
        method: 'GET',
        path: '/v1/calendar/years',
        access: 'authenticated',
        summary: 'Every year of the working-day calendar: holidays, make-up days, notice',
      },
      getCalendarYear: {
        method: 'GET',
        path: '/v1/calendar/years/{year}',
        access: 'authenticated',
        summary: 'One year of the working-day calendar',
      },
      putCalendarYear: {
        method: 'PUT',
        path: '/v1/calendar/years/{year}',
        access: ['platform-admin'],
        summary: "Enter or replace a year as the State Council's notice announced it (versioned)",
      },
    },
  },
  'calendar-check': {
    kind: 'schedule',
    entry: 'functions/src/identity/calendar-check.ts',
    description: 'Warns (in the log) from 60 days before the working-day calendar ends',
    // 01:00 UTC is 09:00 in Beijing, when the e-government office is at work.
    schedule: { dailyAtUtc: '01:00' },
    tables: { identity: 'read' },
  },
} as const satisfies ContextFunctions;
