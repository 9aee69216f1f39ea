import { ALL_STACK_CHOICES, FUNCTION_NAMES, needsOf, settingsReadBy } from './functions.ts';
import { parameterVariableOf, SECRET_NAMES, SETTING_NAMES, SETTINGS, type Setting, type SettingName } from './settings.ts';

/** The README's two configuration tables, written from the schema (a test keeps the README equal to them). */

const code = (value: string | number) => `\`${value}\``;

function defaultText(setting: Setting): string {
  switch (setting.kind) {
    case 'integer':
      return setting.describeDefault ?? String(setting.default);
    case 'text':
      return setting.describeDefault ?? (setting.default !== undefined ? code(setting.default) : setting.required === true ? 'required' : 'unset');
    case 'choice':
      return setting.describeDefault ?? code(setting.default);
    case 'switch':
      return setting.describeDefault ?? code(setting.default ? 'on' : 'off');
    case 'secret':
      return setting.describeDefault;
    case 'address':
      return setting.describeDefault ?? 'set by the stack';
  }
}

function stackDefaultText(setting: Setting): string {
  if (setting.kind === 'switch') return setting.describeStackDefault ?? code(setting.default ? 'on' : 'off');
  if (setting.kind === 'text' && setting.stackDefault !== undefined) return code(setting.stackDefault('<stack>'));
  return defaultText(setting);
}

function allowedText(setting: Setting, forStack: boolean): string {
  switch (setting.kind) {
    case 'integer':
      return setting.allowed === undefined ? `${setting.min}–${setting.max}` : "CloudWatch's periods";
    case 'choice':
      return setting.values.map(code).join(', ');
    case 'switch':
      return '`on`, `off` (or `true`, `false`)';
    case 'secret':
      return forStack ? 'secret (`--secret`)' : 'secret';
    case 'text':
    case 'address':
      return '';
  }
}

/** The functions that read a setting, with the stack choices under which they do. */
function readersText(name: SettingName): string {
  const readers = FUNCTION_NAMES.flatMap((fn): string[] => {
    const when = ALL_STACK_CHOICES.filter((choices) => settingsReadBy(needsOf(fn, choices)).includes(name));
    if (when.length === 0) return [];
    if (when.length === ALL_STACK_CHOICES.length) return [fn];
    if (when.every((choices) => choices.websocketAuthMode === 'action')) return [`${fn} (action mode)`];
    if (when.every((choices) => choices.pusherBridge)) return [`${fn} (bridge on)`];
    return [`${fn} (some stacks)`];
  });
  if (readers.length === FUNCTION_NAMES.length && readers.every((reader) => (FUNCTION_NAMES as readonly string[]).includes(reader))) return 'every function';
  return readers.length === 0 ? '—' : readers.join(', ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** `## Configuration`: every variable a function reads. */
export function renderEnvironmentTable(): string {
  const rows = SETTING_NAMES.flatMap((name) => {
    const setting: Setting = SETTINGS[name];
    return setting.env === undefined ? [] : [row([code(setting.env), setting.meaning, defaultText(setting), allowedText(setting, false), readersText(name)])];
  });
  const parameters = row([
    SECRET_NAMES.map((name) => code(parameterVariableOf(name))).join(', '),
    'SSM SecureString names; the secret is read (decrypted) once per cold start instead of from the environment',
    'set by the stack',
    '',
    'the readers of the secret',
  ]);
  return [row(['variable', 'meaning', 'default', 'allowed', 'read by']), '|---|---|---|---|---|', ...rows, parameters].join('\n');
}

/** `## Deploy to AWS`: every stack setting, with what the two shipped stacks set. */
export function renderStackTable(stacks: { readonly staging: Readonly<Record<string, string>>; readonly production: Readonly<Record<string, string>> }): string {
  const rows = SETTING_NAMES.flatMap((name) => {
    const setting: Setting = SETTINGS[name];
    if (setting.stack !== true) return [];
    const staging = stacks.staging[name];
    const production = stacks.production[name];
    const shipped = staging === undefined && production === undefined ? '' : staging === production ? code(staging!) : `${staging === undefined ? '—' : code(staging)} / ${production === undefined ? '—' : code(production)}`;
    return [row([code(name), setting.meaning, stackDefaultText(setting), allowedText(setting, true), shipped])];
  });
  return [row(['stack setting (`pushgate:`)', 'meaning', 'default', 'allowed', 'staging / production']), '|---|---|---|---|---|', ...rows].join('\n');
}

