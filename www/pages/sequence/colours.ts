// One colour per recurrence, the same in every chart and list of the lab.
export const CELL_COLOURS = { rnn: '#c2410c', lstm: '#1d4ed8', gru: '#15803d' } as const;
