/**
 * Named scenarios (`scenarios` in weft.config.ts): `x-weft-scenario: <name>` on a request expands
 * into the runtime's simulation headers (`x-weft-location`, `x-weft-device`, `x-weft-bot`,
 * `x-weft-client-ip`, `x-weft-variables`). A simulation header the request sets itself wins over
 * the scenario's, as request headers win over config (decisions, "Local simulation").
 */
import type { HeaderPairs } from '@weft/runtime';
import type { Scenario } from '../config/runtime-options.ts';
import { UnknownScenarioError } from '../errors.ts';

export const SCENARIO_HEADER = 'x-weft-scenario';

function pairs(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join('; ');
}

function scenarioHeaders(scenario: Scenario): HeaderPairs {
  const headers: HeaderPairs = [];
  if (scenario.location !== undefined) headers.push(['x-weft-location', pairs(scenario.location)]);
  if (scenario.device !== undefined) headers.push(['x-weft-device', pairs(scenario.device)]);
  if (scenario.bot !== undefined) headers.push(['x-weft-bot', pairs(scenario.bot)]);
  if (scenario.clientIp !== undefined) headers.push(['x-weft-client-ip', scenario.clientIp]);
  if (scenario.variables !== undefined) headers.push(['x-weft-variables', pairs(scenario.variables)]);
  return headers;
}

/** The request's headers with its scenario expanded; unchanged when it names none. */
export function applyScenario(headers: HeaderPairs, scenarios: Readonly<Record<string, Scenario>> | undefined): HeaderPairs {
  const named = headers.find(([name]) => name.toLowerCase() === SCENARIO_HEADER);
  if (named === undefined) return headers;
  const scenario = scenarios?.[named[1].trim()];
  if (scenario === undefined || !Object.hasOwn(scenarios ?? {}, named[1].trim())) throw new UnknownScenarioError(SCENARIO_HEADER, named[1].trim(), Object.keys(scenarios ?? {}));
  const rest = headers.filter(([name]) => name.toLowerCase() !== SCENARIO_HEADER);
  const present = new Set(rest.map(([name]) => name.toLowerCase()));
  return [...rest, ...scenarioHeaders(scenario).filter(([name]) => !present.has(name))];
}
