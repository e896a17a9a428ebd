import type { zh } from './strings.ts';

export type AreaKey = keyof typeof zh.areas;

export interface Area {
  key: AreaKey;
  path: string;
  /** Who sees it in the navigation; undefined: everyone signed in. The API checks again on every call. */
  roles?: readonly string[];
}

/** The navigation by area, each shown only to the roles whose routes it uses (blueprint.ts access). */
export const AREAS: readonly Area[] = [
  { key: 'workbench', path: '/' },
  { key: 'catalogue', path: '/catalogue' },
  {
    key: 'sharing',
    path: '/sharing',
    roles: ['data-consumer', 'catalogue-editor', 'data-approver', 'platform-admin'],
  },
  {
    key: 'exchange',
    path: '/exchange',
    roles: ['drafter', 'reviewer', 'signer', 'clerk', 'handler', 'leader'],
  },
  {
    key: 'review',
    path: '/review',
    roles: ['project-submitter', 'egov-reviewer', 'finance-reviewer', 'leading-group-reviewer', 'auditor'],
  },
  { key: 'assessment', path: '/assessment' },
  { key: 'admin', path: '/admin', roles: ['platform-admin'] },
];

export const mayUse = (area: Area, roles: readonly string[]) =>
  !area.roles || area.roles.some((role) => roles.includes(role));

export const hasAny = (roles: readonly string[], wanted: readonly string[]) =>
  wanted.some((role) => roles.includes(role));
