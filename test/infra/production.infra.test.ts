import { describeStack } from './stack-assertions.ts';

describeStack('production', { protectData: true, alarms: 4, logRetentionDays: 90 });
