// `npm run cost -- --connections N --deliveries-per-day M [--idle-fraction F]`: a month of
// pushgate's channels on AWS beside the Pusher Channels plan that would carry the same load.
import { runCli } from '../adapters/driving/local/cli.ts';
import { COMMAND, parseCostFlags, USAGE } from './cost-flags.ts';
import { DAYS_PER_MONTH, monthlyBill, monthlyUsage, PRICES, pusherMessagesPerDay, pusherPlanFor, PUSHER_PLANS, RECONNECTS_PER_DAY, totalUsd } from './cost-model.ts';
import { printTable } from './support.ts';

const usd = (value: number) => (value === 0 ? '$0' : value < 0.01 ? '< $0.01' : `$${value.toFixed(2)}`);
const count = (value: number) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} k` : value.toFixed(value < 10 && !Number.isInteger(value) ? 2 : 0));

await runCli(COMMAND, async () => {
  const inputs = parseCostFlags(process.argv.slice(2));
  if (inputs === 'help') return console.log(USAGE);
  const usage = monthlyUsage(inputs);
  const lines = monthlyBill(inputs, usage);
  const total = totalUsd(lines);
  const idleShare = usage.pingsPerConnectionPerDay / (86_400 / inputs.activityTimeoutSeconds);

  console.log(
    `Inputs: ${inputs.connections} connections all month, ${inputs.deliveriesPerDay} deliveries a day (${count(usage.triggers / DAYS_PER_MONTH)} triggers of ${inputs.subscribersPerTrigger} subscribers), ` +
      `${inputs.channelsPerConnection} channel(s) per connection, ${inputs.messageBytes}-byte messages, ${inputs.lambdaMemoryMb} MB functions.`,
  );
  console.log(
    `Each connection: ${RECONNECTS_PER_DAY} reconnects a day (API Gateway's 2 h limit; each resubscribes), ${usage.pingsPerConnectionPerDay.toFixed(0)} pings a day ` +
      `(idle ${(idleShare * 100).toFixed(0)} % of the time${inputs.idleFraction === undefined ? ', from the delivery rate' : ''}; a ping and a pong each, every ${inputs.activityTimeoutSeconds} s of silence).`,
  );
  printTable(
    `A month (${DAYS_PER_MONTH.toFixed(2)} days) of pushgate on AWS — ${PRICES.asOf}`,
    ['service', 'what', 'quantity', 'unit', 'USD'],
    [...lines.map((line) => [line.service, line.item, count(line.quantity), line.unit, usd(line.usd)]), ['total', '', '', '', usd(total)]],
  );

  const messages = pusherMessagesPerDay(inputs);
  const plan = pusherPlanFor(inputs.connections, messages);
  console.log(`\nPusher Channels would count ${count(messages)} messages a day (triggers + deliveries) and ${inputs.connections} connections.`);
  printTable(
    'Pusher Channels plans (recheck on pusher.com)',
    ['plan', 'USD a month', 'connections', 'messages a day', 'fits'],
    PUSHER_PLANS.map((candidate) => [candidate.name, `$${candidate.monthlyUsd}`, candidate.connections, count(candidate.messagesPerDay), candidate === plan ? 'cheapest that fits' : candidate.connections >= inputs.connections && candidate.messagesPerDay >= messages ? 'fits' : '-']),
  );
  console.log(
    plan === undefined
      ? `No listed plan carries this load (above ${PUSHER_PLANS.at(-1)!.name}: a larger plan or Enterprise). pushgate on AWS: ${usd(total)} a month.`
      : `pushgate on AWS: ${usd(total)} a month; Pusher ${plan.name}: $${plan.monthlyUsd} a month.`,
  );
});
