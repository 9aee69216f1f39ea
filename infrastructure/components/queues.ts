import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * SQS's largest message (1 MiB since 2025; a queue created without it still defaults to 256 KiB).
 * A NotifyConnection envelope of 128 KB of data escapes to up to six times that: every queue, and
 * its dead-letter queue, takes the largest.
 */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

export interface QueueWithDeadLetterArgs {
  /** At least six times the consuming function's timeout, as AWS advises for Lambda event sources. */
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly alarm: boolean;
  readonly alarmTopicArn?: string | undefined;
}

/** A queue, its dead-letter queue with redrive, and (production) an alarm when anything lands there. */
export class QueueWithDeadLetter extends pulumi.ComponentResource {
  readonly queue: aws.sqs.Queue;
  readonly deadLetterQueue: aws.sqs.Queue;

  constructor(name: string, args: QueueWithDeadLetterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('pushgate:messaging:QueueWithDeadLetter', name, {}, opts);
    this.deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, { messageRetentionSeconds: 14 * 86_400, maxMessageSize: SQS_MAX_MESSAGE_BYTES, sqsManagedSseEnabled: true }, { parent: this });
    this.queue = new aws.sqs.Queue(
      name,
      {
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds,
        messageRetentionSeconds: 4 * 86_400,
        maxMessageSize: SQS_MAX_MESSAGE_BYTES,
        sqsManagedSseEnabled: true,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: args.maxReceiveCount }),
      },
      { parent: this },
    );
    if (args.alarm) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-dlq-not-empty`,
        {
          alarmDescription: `Messages reached the ${name} dead-letter queue`,
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensions: { QueueName: this.deadLetterQueue.name },
          statistic: 'Maximum',
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: 'GreaterThanThreshold',
          treatMissingData: 'notBreaching',
          ...(args.alarmTopicArn === undefined ? {} : { alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn] }),
        },
        { parent: this },
      );
    }
    this.registerOutputs({ queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url });
  }
}
