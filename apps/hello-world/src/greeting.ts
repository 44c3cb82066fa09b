const GREETINGS: Readonly<Record<string, string>> = {
  FR: 'Bonjour',
  DE: 'Hallo',
  ES: 'Hola',
  JP: 'こんにちは',
};

/** The greeting for an ISO-3166 country code; English when the country has none. */
export function greetingFor(country: string): string {
  return `${GREETINGS[country] ?? 'Hello'} from the edge`;
}
