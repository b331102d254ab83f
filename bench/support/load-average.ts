import { readFileSync } from 'node:fs';

/** The machine's 1-minute load average (Linux): on a shared machine, figures taken under load are upper bounds. */
export function loadAverage1m(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
