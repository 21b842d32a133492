/** Reader polls of the demo institution, written for Rostrum: one conducted, one running. */
export interface DemoPoll {
  question: string;
  options: string[];
  /** Votes per option, cast by made-up readers while the demo loads. */
  votes: number[];
  opensAt: string;
  /** A closing time in the past makes a conducted poll. */
  closesAt?: string;
  current?: boolean;
}

export const demoPolls: DemoPoll[] = [
  {
    question: 'Who should pay to protect the cables and pipelines on Europe’s seabed?',
    options: ['NATO, as common defence', 'The European Union', 'The countries whose waters they cross', 'The companies that own them'],
    votes: [33, 41, 18, 14],
    opensAt: '2026-09-01T08:00:00Z',
    closesAt: '2026-10-31T18:00:00Z',
  },
  {
    question: 'Which step would do most for water security in Central Asia over the next decade?',
    options: ['A binding Amu Darya sharing agreement', 'Modernising irrigation canals', 'Regional data sharing on river flows', 'New storage reservoirs'],
    votes: [12, 19, 9, 4],
    opensAt: '2026-11-02T08:00:00Z',
    current: true,
  },
];
