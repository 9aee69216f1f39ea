import { describeStack } from './stack-assertions.ts';

describeStack('production', { protectData: true, alarms: 5, logRetentionDays: 90 });
