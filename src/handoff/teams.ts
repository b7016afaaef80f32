import { readYamlFile } from '../core/yaml-file.ts';
import { HamdelError } from '../core/errors.ts';
import { businessHours, type BusinessHours } from './business-hours.ts';

/**
 * Business hours by team, from content/teams.yaml (`<team>: { timezone, weekly, closedDates }`).
 * A missing file means every team is always open; a broken one stops start-up with the reason.
 */
export async function loadTeamHours(file: string): Promise<ReadonlyMap<string, BusinessHours>> {
  const data = await readYamlFile(file, 'CONFIG_INVALID', { optional: true });
  if (data === undefined) return new Map();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new HamdelError('CONFIG_INVALID', `${file}: expected "<team>: { timezone, weekly }" entries`, {
      file,
    });
  }
  const teams = new Map<string, BusinessHours>();
  for (const [team, config] of Object.entries(data)) {
    try {
      teams.set(team, businessHours(config));
    } catch (error) {
      throw new HamdelError('CONFIG_INVALID', `${file}: team "${team}": ${(error as Error).message}`, {
        file,
        team,
      });
    }
  }
  return teams;
}
