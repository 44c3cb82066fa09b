/** The platform raises DOMException "InvalidCharacterError" for bad encoded input (spec §17). */
import { DOMException } from '../../realm/dom-exception.ts';

export function invalidCharacter(message: string): DOMException {
  return new DOMException(message, 'InvalidCharacterError');
}
