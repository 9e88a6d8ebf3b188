import { seedEntityCommands, seedItemCommands } from '../../events/seed';

/**
 * Request examples for the OpenAPI document, taken from the seed story itself (events/seed/), so
 * the documentation shows exactly what `npm run seed` posts and cannot drift from what the API
 * accepts (a unit test validates each one against the catalogue as well).
 */
function recordItemExample(itemId: string) {
  const command = seedItemCommands().find((c) => c.kind === 'record-item' && c.itemId === itemId);
  if (command?.kind !== 'record-item') throw new Error(`the seed story has no item ${itemId}`);
  return { type: command.type, itemId, data: command.data };
}

function entityExample(entityId: string) {
  const command = seedEntityCommands().find((c) => c.data.entityId === entityId);
  if (!command) throw new Error(`the seed story has no entity ${entityId}`);
  return command.data;
}

export const GA_ASI_ENTITY = entityExample('ent:company:ga-asi');

export const RECORD_ITEM_EXAMPLES = {
  yellenWarning: {
    summary: 'Yellen warning (2024-04-08)',
    value: recordItemExample('yellen-warning-2024-04-08'),
  },
  eo14114: { summary: 'EO 14114 (2023-12-22)', value: recordItemExample('eo-14114') },
  mfaCountermeasures: {
    summary: 'MFA countermeasures on GA-ASI and GDLS (2024-04-11)',
    value: recordItemExample('cn-mfa-decree-5-2024'),
  },
} as const;
