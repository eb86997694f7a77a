import { Command, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { formatImages, resolveImages } from './image-table.js';

export function imagesCommand(io: CliIO, setExit: (code: ExitCode) => void): Command {
  return new Command('images')
    .description('list every image the tests use (after remapping), to mirror them for air-gapped clusters')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--image-repository <repo>', 'show the references as remapped to this registry path')
    .option('--images-file <file>', 'show the references after applying this images file')
    .action((flags: { format: 'table' | 'json' | 'yaml'; imageRepository?: string; imagesFile?: string }) => {
      io.stdout.write(formatImages(resolveImages(flags), flags.format));
      setExit(EXIT.passed);
    });
}
