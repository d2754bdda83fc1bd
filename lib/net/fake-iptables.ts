import type { IptablesRunner } from './iptables';

/**
 * An in-memory filter table for unit tests of the rule logic (no kernel, no root): just the
 * iptables calls the helpers in ./iptables.ts make (-S, -N, -C, -I, restore of one chain).
 */
export function fakeIptables(chains: Record<string, string[]>) {
  const calls: string[][] = [];
  const runner: IptablesRunner = {
    async iptables(args) {
      calls.push(args);
      const [, , op, chain, ...rest] = args; // '-w', '10', op, chain, …
      const rule = `-A ${chain} ${(op === '-I' ? rest.slice(1) : rest).join(' ')}`;
      switch (op) {
        case '-S':
          if (!chains[chain]) throw new Error(`No chain/target/match by that name: ${chain}`);
          return [`-N ${chain}`, ...chains[chain]].join('\n');
        case '-N':
          chains[chain] = [];
          return '';
        case '-C':
          if (!chains[chain]?.includes(rule)) throw new Error('Bad rule (does a matching rule exist in that chain?)');
          return '';
        case '-I':
          chains[chain].unshift(rule);
          return '';
        default:
          throw new Error(`unexpected iptables ${args.join(' ')}`);
      }
    },
    async restore(input) {
      calls.push(['restore', input]);
      const chain = /^:(\S+)/m.exec(input)![1];
      chains[chain] = input.split('\n').filter((line) => line.startsWith('-A '));
    },
  };
  return { runner, calls, chains };
}
