import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ImportRecordError, type SourcedRecord } from './import-command';

const JSON_EXTENSIONS = new Set(['.json']);
const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl']);

/**
 * The records of an import path, in order: a `.json` file (an array of commands, or an object
 * with a `commands` array), an `.ndjson`/`.jsonl` file (one command per line, read line by line so
 * a large file never sits in memory), or a directory of such files taken in name order.
 */
export async function* readImportRecords(path: string): AsyncGenerator<SourcedRecord> {
  const info = await stat(path).catch(() => {
    throw new ImportRecordError(path, 'no such file or directory');
  });
  if (!info.isDirectory()) {
    yield* readImportFile(path);
    return;
  }
  const names = (await readdir(path)).filter((name) => isImportFile(name)).sort();
  if (names.length === 0)
    throw new ImportRecordError(path, 'holds no .json, .ndjson or .jsonl files');
  for (const name of names) yield* readImportFile(join(path, name));
}

function isImportFile(name: string): boolean {
  const ext = extname(name).toLowerCase();
  return JSON_EXTENSIONS.has(ext) || NDJSON_EXTENSIONS.has(ext);
}

async function* readImportFile(path: string): AsyncGenerator<SourcedRecord> {
  const ext = extname(path).toLowerCase();
  if (NDJSON_EXTENSIONS.has(ext)) yield* readNdjson(path);
  else if (JSON_EXTENSIONS.has(ext)) yield* readJsonArray(path);
  else throw new ImportRecordError(path, 'is not a .json, .ndjson or .jsonl file');
}

async function* readNdjson(path: string): AsyncGenerator<SourcedRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const location = `${basename(path)} line ${lineNumber}`;
    yield { location, record: parseJson(line, location) };
  }
}

async function* readJsonArray(path: string): AsyncGenerator<SourcedRecord> {
  const parsed = parseJson(await readFile(path, 'utf8'), basename(path));
  const list = Array.isArray(parsed) ? parsed : (parsed as { commands?: unknown } | null)?.commands;
  if (!Array.isArray(list)) {
    throw new ImportRecordError(
      basename(path),
      'must hold an array of commands (or { "commands": [...] })',
    );
  }
  yield* recordsOf(list, `${basename(path)} record`);
}

/** Numbers records from 1, as a person counting them in the file would. */
export function* recordsOf(list: readonly unknown[], label: string): Generator<SourcedRecord> {
  for (const [index, record] of list.entries()) yield { location: `${label} ${index + 1}`, record };
}

function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportRecordError(location, `is not valid JSON (${(error as Error).message})`);
  }
}
