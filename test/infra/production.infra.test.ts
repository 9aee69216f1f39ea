import { describeStack } from './stack-assertions.ts';

describeStack('production', { protectData: true, alarms: 3, logRetentionDays: 90 });
