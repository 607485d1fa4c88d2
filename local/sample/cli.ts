/**
 * `npm run sample`: generates the sample reports and writes them to disk. Exit code 0 written,
 * 2 bad arguments or a refused `--out`, 1 anything else (`error:` and `cause:`; the stack with `--debug`).
 */
import { printUnexpected, wantsDebug } from '../cli-errors.js';
import { SAMPLE_USAGE, SampleUsageError, parseSampleArgs } from './args.js';
import { generateSampleFiles } from './generate.js';
import { prepareOutputFolder, writeSampleFiles } from './write-files.js';

const argv = process.argv.slice(2);
try {
  const args = parseSampleArgs(argv);
  if (args.help) {
    console.log(SAMPLE_USAGE);
  } else {
    const { options, outDir } = args;
    const started = Date.now();
    await prepareOutputFolder(outDir);
    const written = await writeSampleFiles(outDir, generateSampleFiles(options));
    console.log(
      `Wrote ${written} files for ${options.users} users over ${options.days} days ending ${options.endDate} ` +
        `(seed ${options.seed}) to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
} catch (error) {
  if (error instanceof SampleUsageError) {
    console.error(`${error.message}\n\n${SAMPLE_USAGE}`);
    process.exitCode = 2;
  } else {
    printUnexpected(error, wantsDebug(argv));
    process.exitCode = 1;
  }
}
