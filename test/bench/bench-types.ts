/**
 * What a benchmark part reports: named figures (merged into results/latest.json under the part's
 * key) and table rows for the console, each with the target it is measured against.
 */
export type BenchRow = {
  metric: string;
  value: number;
  unit: string;
  /** e.g. '>= 20000' or '< 180'; absent when the figure is informational. */
  target?: { op: '>=' | '<'; value: number };
};

export type BenchPartResult = {
  /** Figures stored in latest.json under the part's key (e.g. pipeline.decisionsPerSecPerCore). */
  figures: Record<string, number | string>;
  rows: BenchRow[];
  notes?: string[];
};

export type BenchPart = { name: string; description: string; run(): Promise<BenchPartResult> };
