export { answerOf, runCommand } from './commands.ts';
export { configDir, credentialsPath, loadLogin, saveLogin } from './credentials.ts';
export { EXIT, type Problem, problemOf, RefusedError, renderProblem, UsageError } from './errors.ts';
export { checkDatasetFile, formatOf, parseEncoding } from './file-check.ts';
export { type Io, labelOf, recordLabels, renderFields } from './output.ts';
export { DEFAULT_API, type ParsedCommand, parseCommand } from './parse.ts';
export { runCli } from './program.ts';
export { renderReport } from './upload.ts';
