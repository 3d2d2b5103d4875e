import { maskIdNumber } from '@wuhai/contracts';

/** 17 digits and a check character, or a legacy number: 15 digits standing alone. */
const ID_NUMBER_LIKE = /\d{17}[\dXx]|(?<!\d)\d{15}(?!\d)/g;

/**
 * Masks anything shaped like a resident ID number (17 digits and a check character, or a legacy
 * 15-digit number) in `text`, e.g. the path of `GET /api/v1/persons/{idNumber}`, so logs and error
 * details never carry one.
 */
export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_LIKE, (m) => maskIdNumber(m));
}
