import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../auth/api-keys';
import { createKey, listKeys, revokeKey } from '../auth/key-admin';
import { EXIT, UsageError } from './cli-context';
import { printJson } from './progress';

/**
 * `keys create|revoke|list`: manage API keys in the keys file (API_KEYS_FILE). Only hashes are
 * stored; `create` prints the new key once. A running service picks changes up within a second.
 */
export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('create, revoke and list API keys (the keys file holds hashes only)');

  keys
    .command('create')
    .description('create a key; prints it once — store it now, it cannot be shown again')
    .argument('<name>', 'the principal name, recorded as recordedBy on every event the key writes')
    .addOption(
      new Option('--role <role...>', 'one or more roles').choices(ROLES).makeOptionMandatory(),
    )
    .action((name: string, options: { role: Role[] }) => {
      printJson(attempt(() => createKey(name, options.role)));
    });

  keys
    .command('revoke')
    .description('revoke a key by name (exit 1 when there is no such key)')
    .argument('<name>')
    .action((name: string) => {
      const revoked = attempt(() => revokeKey(name));
      printJson({ name, revoked });
      if (!revoked) process.exitCode = EXIT.failureFound;
    });

  keys
    .command('list')
    .description('names and roles of the stored keys (never the keys or their hashes)')
    .action(() => printJson(attempt(() => listKeys())));
}

/** Key administration refuses bad names, duplicates and bad files with a message: a usage error. */
function attempt<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
