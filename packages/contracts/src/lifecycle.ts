/**
 * Words of a household's life shared by the registry and the gateway
 * (docs/decisions/0013-deaths-and-moves.md).
 */

/**
 * Who reported a death (City §18): the public-security hukou register, a medical death
 * certificate, a funeral service, the family, or another source named in the note.
 */
export const DEATH_SOURCES = ['public-security', 'medical-certificate', 'funeral-service', 'family', 'other'] as const;
export type DeathSource = (typeof DEATH_SOURCES)[number];

/** Longest note kept with a death or a move, in characters. */
export const LIFECYCLE_NOTE_MAX = 500;
