/** The platform raises DOMException "InvalidCharacterError" for bad encoded input (spec §17). */
export function invalidCharacter(message: string): DOMException {
  return new DOMException(message, 'InvalidCharacterError');
}
