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

/** A figure in latest.json: a number, a label, or an object of figures (e.g. appCpuUsPerMessage.read). */
export type Figure = number | string | null | readonly Figure[] | { readonly [name: string]: Figure };

export type BenchPartResult = {
  /** Figures stored in latest.json under the part's key (e.g. pipeline.decisionsPerSecPerCore). */
  figures: Record<string, Figure>;
  rows: BenchRow[];
  notes?: string[];
};

/** `--name value` options from the command line (e.g. `npm run bench -- firstSync --mailboxes 50`). */
export type BenchOptions = Readonly<Record<string, string>>;

export type BenchPart = { name: string; description: string; run(options: BenchOptions): Promise<BenchPartResult> };

/** A numeric option, or its default. */
export function numberOption(options: BenchOptions, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not ${raw}`);
  return value;
}
