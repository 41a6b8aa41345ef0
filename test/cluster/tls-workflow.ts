/** A trivial workflow for the mTLS round trip: one activity, so both task kinds cross the connection. */
import { proxyActivities } from '@temporalio/workflow';

const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({ startToCloseTimeout: '10 seconds' });

export async function tlsRoundTrip(name: string): Promise<string> {
  return `${await greet(name)} (through the workflow)`;
}
