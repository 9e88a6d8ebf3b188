/**
 * The role lattice, in one place: what holding a role lets a key do besides its own routes.
 * Reading is the floor every key stands on — a key that may write or audit the record may also
 * read it (an editor needs the item's ETag for If-Match; an auditor's page shows the timeline).
 * Editing and auditing are separate duties: an editor cannot read the raw log, an auditor cannot
 * write. `admin` holds every role.
 */
export const ROLES = ['reader', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** For each role, the roles it implies (besides itself). Not transitive by accident: list all. */
export const ROLE_IMPLIES: Readonly<Record<Role, readonly Role[]>> = {
  reader: [],
  editor: ['reader'],
  auditor: ['reader'],
  admin: ['reader', 'editor', 'auditor'],
};

/** Every role the given roles hold, implied ones included. */
export function effectiveRoles(roles: readonly Role[]): ReadonlySet<Role> {
  return new Set(roles.flatMap((role) => [role, ...ROLE_IMPLIES[role]]));
}

/** Whether a key holding `roles` may use a route that needs `needed`. */
export function grants(roles: readonly Role[], needed: Role): boolean {
  return effectiveRoles(roles).has(needed);
}
