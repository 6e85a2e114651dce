/** Not a test: one process's pipeline rates as JSON on stdout, for the pipeline part's median (parts/pipeline-bench.ts). */
import { measurePipelineOnce } from '../parts/pipeline-bench.js';

process.stdout.write(JSON.stringify(measurePipelineOnce()));
