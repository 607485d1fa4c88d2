/** `npm run sample`: generates the sample reports and writes them to disk. */
import { SAMPLE_USAGE, SampleUsageError, parseSampleArgs } from './args.js';
import { generateSampleFiles } from './generate.js';
import { prepareOutputFolder, writeSampleFiles } from './write-files.js';

try {
  const args = parseSampleArgs(process.argv.slice(2));
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
  if (!(error instanceof SampleUsageError)) throw error;
  console.error(`${error.message}\n\n${SAMPLE_USAGE}`);
  process.exitCode = 2;
}
