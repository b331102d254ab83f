import { describe, expect, it } from 'vitest';
import { bandsAreOrdered, isSuitable, riskLevelForScore, type RiskBand } from './risk.ts';

const BANDS: RiskBand[] = [
  { level: 'C1', minScore: 0 },
  { level: 'C2', minScore: 10 },
  { level: 'C3', minScore: 20 },
  { level: 'C4', minScore: 30 },
  { level: 'C5', minScore: 40 },
];

describe('questionnaire scoring bands', () => {
  it.each([
    [0, 'C1'],
    [9, 'C1'],
    [10, 'C2'],
    [19, 'C2'],
    [20, 'C3'],
    [29, 'C3'],
    [30, 'C4'],
    [39, 'C4'],
    [40, 'C5'],
    [1_000, 'C5'],
  ] as const)('score %i falls in %s', (score, level) => {
    expect(riskLevelForScore(BANDS, score)).toBe(level);
  });

  it('a definition may use fewer bands (levels without a band are never given)', () => {
    const bands: RiskBand[] = [
      { level: 'C1', minScore: 0 },
      { level: 'C3', minScore: 50 },
    ];
    expect(riskLevelForScore(bands, 49)).toBe('C1');
    expect(riskLevelForScore(bands, 50)).toBe('C3');
  });

  it.each([
    ['starts at C1 with 0', BANDS, true],
    ['does not start at 0', [{ level: 'C1', minScore: 5 }], false],
    ['does not start with C1', [{ level: 'C2', minScore: 0 }], false],
    [
      'levels descend',
      [
        { level: 'C1', minScore: 0 },
        { level: 'C3', minScore: 10 },
        { level: 'C2', minScore: 20 },
      ],
      false,
    ],
    [
      'scores do not ascend',
      [
        { level: 'C1', minScore: 0 },
        { level: 'C2', minScore: 10 },
        { level: 'C3', minScore: 10 },
      ],
      false,
    ],
  ] as const)('bands that %s are ordered: %s', (_name, bands, ordered) => {
    expect(bandsAreOrdered(bands)).toBe(ordered);
  });
});

describe('suitability: a customer may buy a product up to their own level', () => {
  it.each([
    ['C1', 'R1', true],
    ['C1', 'R2', false],
    ['C3', 'R3', true],
    ['C3', 'R4', false],
    ['C4', 'R4', true],
    ['C5', 'R5', true],
    ['C5', 'R1', true],
  ] as const)('%s buying %s: %s', (customer, product, suitable) => {
    expect(isSuitable(customer, product)).toBe(suitable);
  });
});
