import { describeStack } from './stack-assertions.ts';

describeStack('staging', { protectData: false, alarms: 0, logRetentionDays: 7 });
