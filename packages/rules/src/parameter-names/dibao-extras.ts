/** Parameters of gradual exit and the work-refusal share (City §12). */
export const DIBAO_EXTRA_PARAMETERS = ['dibao.gradual-exit-months', 'dibao.work-refusal-threshold'] as const;
