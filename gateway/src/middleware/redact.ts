import { maskIdNumber } from '@wuhai/contracts';

const ID_NUMBER_LIKE = /\d{17}[\dXx]/g;

/**
 * Masks anything shaped like a resident ID number (17 digits and a check character) in `text`,
 * e.g. the path of `GET /api/v1/persons/{idNumber}`, so logs and error details never carry one.
 */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_LIKE, (m) => maskIdNumber(m));
}
