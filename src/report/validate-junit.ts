import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/** The Jenkins xUnit plugin's junit-10.xsd (MIT), the schema CI consumers are most often checked against. */
const SCHEMA_PATH = fileURLToPath(new URL('./junit-10.xsd', import.meta.url));

/** Validates a junit_01.xml text against junit-10.xsd; returns the schema errors (empty when valid). */
export async function validateJunit(xml: string): Promise<string[]> {
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const result = await validateXML({
    xml: { fileName: 'junit_01.xml', contents: xml },
    schema: { fileName: 'junit-10.xsd', contents: schema },
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}
