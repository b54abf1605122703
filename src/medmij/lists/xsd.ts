/**
 * XSD validation of the MedMij lists with xmllint-wasm (libxml2 compiled to WebAssembly: no native
 * build, no network). The official schemas are not shipped with Brug: BRUG_MEDMIJ_SCHEMAS names the folder
 * that holds them, and all four are read once at start-up so a missing one fails there, naming the setting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { ConfigError } from '../../config.ts';
import { LIST_KINDS, LIST_NAMES, type ListName } from './kinds.ts';

/** Validates list documents against their XSDs. */
export interface ListSchemas {
  /** The folder the schemas were read from. */
  readonly dir: string;
  /**
   * Validates one document.
   * @param name - which list it claims to be
   * @param xml - the document text
   * @returns the validation errors, empty when valid (at most five, each with its line)
   */
  validate(name: ListName, xml: string): Promise<string[]>;
}

/** Memory for one validation: the ZAL is the largest list, a few megabytes at most. */
const MAX_MEMORY_PAGES = 4096; // 256 MiB of 64 KiB pages

/**
 * Reads the four XSDs from a folder.
 * @param dir - the BRUG_MEDMIJ_SCHEMAS folder
 */
export function loadListSchemas(dir: string): ListSchemas {
  const schemas = new Map<ListName, string>();
  for (const name of LIST_NAMES) {
    const file = join(dir, LIST_KINDS[name].xsd);
    try {
      schemas.set(name, readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(
        'BRUG_MEDMIJ_SCHEMAS',
        `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the folder must hold the four MedMij list XSDs`,
      );
    }
  }
  return {
    dir,
    async validate(name, xml) {
      const kind = LIST_KINDS[name];
      const result = await validateXML({
        xml: { fileName: kind.file, contents: xml },
        schema: { fileName: kind.xsd, contents: schemas.get(name)! },
        maxMemoryPages: MAX_MEMORY_PAGES,
      });
      if (result.valid) return [];
      const errors = result.errors.map((e) =>
        e.loc === null ? e.message.trim() : `line ${e.loc.lineNumber}: ${e.message.trim()}`,
      );
      return errors.length > 0 ? errors.slice(0, 5) : ['the document does not validate'];
    },
  };
}
