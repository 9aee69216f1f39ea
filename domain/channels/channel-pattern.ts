import { err, ok, type Result } from '../shared/result.ts';
import { MAX_CHANNEL_NAME_LENGTH } from './channel-name.ts';

/** A channel glob from a token, such as `private-chat-*`: `*` stands for any run of channel characters. */
export type ChannelPattern = string;

const PATTERN_CHARACTERS = /^[A-Za-z0-9_\-=@,.;*]+$/;
export const MAX_CHANNEL_PATTERNS = 100;

export function validateChannelPatterns(patterns: unknown): Result<readonly ChannelPattern[], string> {
  if (!Array.isArray(patterns)) return err('channels must be a list of channel name patterns');
  if (patterns.length > MAX_CHANNEL_PATTERNS) return err(`channels may hold at most ${MAX_CHANNEL_PATTERNS} patterns`);
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_CHANNEL_NAME_LENGTH) {
      return err(`channel pattern ${JSON.stringify(pattern)} must be 1 to ${MAX_CHANNEL_NAME_LENGTH} characters`);
    }
    if (!PATTERN_CHARACTERS.test(pattern)) {
      return err(`channel pattern ${JSON.stringify(pattern)} may only contain channel name characters and *`);
    }
  }
  return ok(patterns as string[]);
}

/** Glob match without building a regular expression from user data (no ReDoS, no escaping bugs). */
export function matchesChannelPattern(pattern: ChannelPattern, channelName: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (pieces.length === 1) return pattern === channelName;
  if (!channelName.startsWith(first) || channelName.length < first.length + last.length) return false;
  if (!channelName.endsWith(last)) return false;
  let position = first.length;
  const end = channelName.length - last.length;
  for (const middle of pieces.slice(1, -1)) {
    const found = channelName.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
