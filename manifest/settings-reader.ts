import { SETTINGS, type ChoiceSetting, type IntegerSetting, type ChoiceOf, type NamesOf, type PlainName, type Setting, type SettingName, type SwitchSetting, type TextSetting, type ValueOf } from './settings.ts';

/** The values `on`/`off` (and `true`/`false`, `yes`/`no`) a switch accepts, in the environment and the stack alike. */
const SWITCH_VALUES = { on: ['on', 'true', 'yes'], off: ['off', 'false', 'no'] } as const;

/**
 * Reads settings by their declaration, collecting every problem by the setting's name (the variable,
 * or `pushgate:<key>`), so one message lists them all. The runtime and the stack read alike.
 */
export class SettingsReader {
  readonly problems: string[] = [];
  private readonly lookup: (name: SettingName) => string | undefined;
  private readonly label: (name: SettingName) => string;
  /** The deployed stack, whose own defaults apply; absent at runtime. */
  private readonly stack: string | undefined;

  constructor(options: { lookup: (name: SettingName) => string | undefined; label: (name: SettingName) => string; stack?: string }) {
    this.lookup = options.lookup;
    this.label = options.label;
    this.stack = options.stack;
  }

  /** The trimmed value, or `undefined` when unset or blank. */
  raw(name: SettingName): string | undefined {
    const value = this.lookup(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  report(problem: string): void {
    this.problems.push(problem);
  }

  labelOf(name: SettingName): string {
    return this.label(name);
  }

  /** Any plain setting, read by its kind. */
  value<N extends PlainName>(name: N): ValueOf<N> {
    const setting: Setting = SETTINGS[name as SettingName];
    switch (setting.kind) {
      case 'integer':
        return this.integer(name as NamesOf<'integer'>) as ValueOf<N>;
      case 'switch':
        return this.switch(name as NamesOf<'switch'>) as ValueOf<N>;
      case 'choice':
        return this.choice(name as NamesOf<'choice'>) as ValueOf<N>;
      case 'text':
        return this.text(name as NamesOf<'text'>) as ValueOf<N>;
      case 'secret':
      case 'address':
        throw new Error(`${name} is not a plain setting`);
    }
  }

  integer(name: NamesOf<'integer'>, fallback?: number): number {
    const setting: IntegerSetting = SETTINGS[name];
    const raw = this.raw(name);
    const defaultValue = fallback ?? setting.default;
    if (raw === undefined) return defaultValue;
    const value = parseInteger(setting, raw);
    if (value === undefined) {
      this.report(`${this.label(name)} ${rangeMessage(setting)}, not ${JSON.stringify(raw)}`);
      return defaultValue;
    }
    if (setting.allowed !== undefined && !setting.allowed.includes(value)) {
      this.report(`${this.label(name)} must be one of ${setting.allowed.join(', ')}, not ${value}`);
      return defaultValue;
    }
    return value;
  }

  /** A required text that is absent is reported and read as `''`. */
  text(name: NamesOf<'text'>): string | undefined {
    const setting: TextSetting = SETTINGS[name];
    const raw = this.raw(name);
    if (raw !== undefined) return raw;
    if (setting.required === true) this.report(`${this.label(name)} is required`);
    if (this.stack !== undefined && setting.stackDefault !== undefined) return setting.stackDefault(this.stack);
    return setting.default ?? (setting.required === true ? '' : undefined);
  }

  choice<N extends NamesOf<'choice'>>(name: N): ChoiceOf<N> {
    const setting: ChoiceSetting = SETTINGS[name];
    const raw = this.raw(name);
    if (raw === undefined) return setting.default as ChoiceOf<N>;
    if (!setting.values.includes(raw)) {
      this.report(`${this.label(name)} must be one of ${setting.values.join(', ')}, not ${JSON.stringify(raw)}`);
      return setting.default as ChoiceOf<N>;
    }
    return raw as ChoiceOf<N>;
  }

  switch(name: NamesOf<'switch'>): boolean {
    const setting: SwitchSetting = SETTINGS[name];
    const fallback = this.stack !== undefined && setting.stackDefault !== undefined ? setting.stackDefault(this.stack) : setting.default;
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = parseSwitch(raw);
    if (value === undefined) {
      this.report(`${this.label(name)} must be on or off (true or false), not ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  }
}

function rangeMessage(setting: IntegerSetting): string {
  return `must be a whole number from ${setting.min} to ${setting.max}`;
}

function parseInteger(setting: IntegerSetting, raw: string): number | undefined {
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= setting.min && value <= setting.max ? value : undefined;
}

function parseSwitch(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  if ((SWITCH_VALUES.on as readonly string[]).includes(value)) return true;
  if ((SWITCH_VALUES.off as readonly string[]).includes(value)) return false;
  return undefined;
}
